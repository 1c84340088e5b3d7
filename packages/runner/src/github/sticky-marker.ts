import { GitHubConfigError } from './github-errors.js';

/** The key used when none is given: one sticky comment per pull request. */
export const DEFAULT_STICKY_KEY = 'default';

/** Letters, digits and `._:/-`, starting with a letter or digit, at most 100 characters. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

/**
 * Why `key` cannot name a sticky comment, or `undefined` when it can. A key must stay inside an HTML
 * comment, so `--` and `>` are refused along with spaces and other punctuation.
 */
export function checkStickyKey(key: string): string | undefined {
  if (!KEY.test(key) || key.includes('--')) {
    return `The sticky comment key "${key}" is not valid: use 1-100 letters, digits, '.', '_', ':', '/' or single '-', starting with a letter or digit (e.g. "prod" or "shard-eu")`;
  }
  return undefined;
}

/**
 * The hidden first line that identifies atlas-cmk's sticky comment for `key`, e.g.
 * `<!-- atlas-cmk:sticky default -->`. It does not depend on the plan, so every new plan for the same target
 * replaces the same comment. Throws {@link GitHubConfigError} for an invalid key.
 */
export function stickyMarker(key: string = DEFAULT_STICKY_KEY): string {
  const problem = checkStickyKey(key);
  if (problem) throw new GitHubConfigError(problem, []);
  return `<!-- atlas-cmk:sticky ${key} -->`;
}

/** True when `body` is a sticky comment carrying `marker` (its first line, as composed by atlas-cmk). */
export function hasStickyMarker(body: string, marker: string): boolean {
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.trim() === marker;
}
