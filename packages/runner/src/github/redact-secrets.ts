import { redactSecrets as redactSecretForms } from '@atlas-cmk/core';

/** What a known secret value is replaced with. */
export const REDACTED = '(sensitive value)';

/**
 * Replace every known secret value in `text` with `(sensitive value)`, in every form it takes on the way out
 * (raw, JSON-escaped, URL-encoded, inside Base64): core's one redaction, so a plan that embeds a request body,
 * a query or a header still cannot carry it. This is the last line of defence before text leaves the machine
 * (a pull-request comment, an error). Values shorter than four characters and empty values are ignored.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return redactSecretForms(text, secrets, REDACTED);
}
