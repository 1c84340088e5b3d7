/** GitHub's public REST API, used when `GITHUB_API_URL` is not set. */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why `url` cannot be the GitHub API base URL, or `undefined` when it can. It must parse, use `https:`
 * (plain `http:` only towards loopback, where the token never leaves the machine), and carry no credentials,
 * query or fragment. A path is allowed: GitHub Enterprise Server serves the API under `/api/v3`.
 */
export function checkGitHubApiUrl(url: string, variable = 'GITHUB_API_URL'): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${variable} is not a valid URL (expected e.g. ${DEFAULT_GITHUB_API_URL}, or https://HOST/api/v3 for GitHub Enterprise Server)`;
  }
  if (parsed.username || parsed.password)
    return `${variable} must not contain credentials; the token is read from GITHUB_TOKEN`;
  if (parsed.search || parsed.hash) return `${variable} must not contain a query or fragment`;
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return LOOPBACK.has(parsed.hostname)
      ? undefined
      : `${variable} uses plain http:// to ${parsed.hostname}; the token would travel unencrypted. Use https:// (http:// is accepted only for 127.0.0.1, ::1 and localhost)`;
  }
  return `${variable} must use https:// (got ${parsed.protocol})`;
}

/** `apiUrl` without trailing slashes, ready to have `/repos/…` appended. */
export function apiBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '');
}
