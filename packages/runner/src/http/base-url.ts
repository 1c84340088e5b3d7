import { ConfigError } from './errors.js';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why `url` cannot be used as a service base URL, or `undefined` when it can: it must parse, use
 * `https:`, or `http:` only towards loopback (`127.0.0.1`, `::1`, `localhost`), and carry no credentials.
 */
export function checkBaseUrl(url: string, variable: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${variable} is not a valid URL (expected e.g. https://cloud.mongodb.com)`;
  }
  if (parsed.username || parsed.password) return `${variable} must not contain credentials`;
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return LOOPBACK.has(parsed.hostname)
      ? undefined
      : `${variable} uses plain http:// to ${parsed.hostname}; credentials would travel unencrypted. Use https://, or http:// only to 127.0.0.1, ::1 or localhost`;
  }
  return `${variable} must use https:// (got ${parsed.protocol})`;
}

/** Throwing form of {@link checkBaseUrl}, for clients built from code rather than from the environment. */
export function assertBaseUrl(url: string, what: string): void {
  const problem = checkBaseUrl(url, what);
  if (problem) throw new ConfigError(problem);
}

/**
 * `path` (starting with `/`) under `base`, keeping any path prefix of `base` (the simulator serves ARM under
 * `/azure/arm`). `new URL(path, base)` would drop that prefix.
 */
export function joinUrl(base: string, path: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}${path}`);
}
