/** What a known secret value is replaced with. */
export const REDACTED = '(sensitive value)';

/** Secrets shorter than this are ignored: replacing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replace every occurrence of each known secret value in `text` with `(sensitive value)`: the secret as is,
 * and as it looks inside a JSON string and in a URL, so a plan that embeds a request body or a query still
 * cannot carry it. Longer secrets are replaced first, so a secret that contains another is removed whole.
 *
 * This is the last line of defence before text leaves the machine (a pull-request comment, an error): the
 * planner already redacts, and this makes sure a bug upstream cannot post a secret. Values shorter than four
 * characters and empty values are ignored.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    variants.add(JSON.stringify(secret).slice(1, -1));
    variants.add(encodeURIComponent(secret));
  }
  let out = text;
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    out = out.split(variant).join(REDACTED);
  }
  return out;
}
