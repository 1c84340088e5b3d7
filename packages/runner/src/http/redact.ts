import { redactSecrets } from '@atlas-cmk/core';

/** Query parameters whose values are never shown. */
const SENSITIVE_QUERY = /^(client_secret|secret|token|access_token|code|sig|signature|password|key)$/i;

/**
 * The URL as it may appear in errors, logs and events: no user info, and the values of sensitive query
 * parameters replaced by `***`. Never throws; an unparsable URL becomes `<invalid url>`.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url.toString());
  } catch {
    return '<invalid url>';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SENSITIVE_QUERY.test(name)) parsed.searchParams.set(name, '***');
  }
  return parsed.toString();
}

/**
 * Replace each secret in `text` by `***`, in every form (raw, JSON-escaped, URL-encoded, inside Base64 such as
 * an HTTP Basic header): core's `redactSecrets`. Used on server-provided text (error details) before it enters
 * an error message, so a server that echoes a credential cannot leak it through us. Secrets shorter than 4
 * characters are ignored (they would mangle ordinary words).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets, '***');
}
