/**
 * The URL of the link with relation `rel` in an RFC 8288 `Link` header, as GitHub sends for pagination:
 * `<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel="next", <…>; rel="last"`.
 * Returns `undefined` when the header is absent or has no such link. `rel` may list several relations.
 */
export function linkUrl(header: string | undefined, rel: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const target = part[1];
    const params = part[2] ?? '';
    for (const param of params.matchAll(/;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/gi)) {
      const rels = (param[1] ?? param[2] ?? '').toLowerCase().split(/\s+/);
      if (target !== undefined && rels.includes(rel.toLowerCase())) return target;
    }
  }
  return undefined;
}
