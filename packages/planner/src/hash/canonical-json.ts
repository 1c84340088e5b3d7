/**
 * JSON with object keys in a fixed order, so that equal data always gives equal text whatever order its
 * keys were built in. `rank` puts listed keys first (in list order); the others follow alphabetically.
 * `undefined` members are dropped, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown, options: { indent?: number; rank?: readonly string[] } = {}): string {
  return JSON.stringify(sortKeys(value, options.rank ?? []), null, options.indent);
}

/** A deep copy of `value` whose objects have their keys in canonical order. */
export function sortKeys(value: unknown, rank: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, rank));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b, rank));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v, rank)]));
}

function compareKeys(a: string, b: string, rank: readonly string[]): number {
  const ra = rank.indexOf(a);
  const rb = rank.indexOf(b);
  if (ra !== -1 || rb !== -1) {
    if (ra === -1) return 1;
    if (rb === -1) return -1;
    return ra - rb;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
