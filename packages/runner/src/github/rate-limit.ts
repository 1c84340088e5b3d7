/** A response as far as rate limiting is concerned. Header names are lower case. */
export interface RateLimitSignals {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  /** GitHub's `message`, when the body had one. */
  message: string | undefined;
}

/** How long GitHub asks us to wait, and why. */
export type RateLimitVerdict =
  | { kind: 'none' }
  | { kind: 'primary'; waitMs: number; resetAt: number }
  | { kind: 'secondary'; waitMs: number; source: 'retry-after' | 'default' };

/** Waited when a secondary limit gives no header: GitHub asks for "at least one minute". */
export const SECONDARY_DEFAULT_WAIT_MS = 60_000;

/** Added to a reset time so the retry lands after the window really turned over. */
const RESET_MARGIN_MS = 1_000;

/**
 * Classify a 403 or 429 as GitHub documents rate limits: a `retry-after` header is obeyed first (secondary
 * limits); else `x-ratelimit-remaining: 0` means waiting until `x-ratelimit-reset` (UTC epoch seconds);
 * else a 429, or a 403 whose message speaks of a rate limit, is a secondary limit worth one minute.
 * A 403 with none of these is a permission problem (`none`): retrying it cannot help.
 *
 * GitHub gives no machine-readable code for secondary limits, so the message is the documented signal.
 */
export function classifyRateLimit(response: RateLimitSignals, nowMs: number): RateLimitVerdict {
  if (response.status !== 403 && response.status !== 429) return { kind: 'none' };
  const retryAfter = parseRetryAfter(response.headers['retry-after'], nowMs);
  const remaining = response.headers['x-ratelimit-remaining']?.trim();
  const reset = Number(response.headers['x-ratelimit-reset']?.trim());
  if (retryAfter !== undefined) return { kind: 'secondary', waitMs: retryAfter, source: 'retry-after' };
  if (remaining === '0' && Number.isFinite(reset) && reset > 0) {
    const resetAt = reset * 1000;
    return { kind: 'primary', waitMs: Math.max(0, resetAt - nowMs) + RESET_MARGIN_MS, resetAt };
  }
  if (response.status === 429 || /rate limit/i.test(response.message ?? '')) {
    return { kind: 'secondary', waitMs: SECONDARY_DEFAULT_WAIT_MS, source: 'default' };
  }
  return { kind: 'none' };
}

/** Parse `Retry-After`: delta-seconds, or an HTTP date relative to `nowMs`. Milliseconds, or `undefined`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
