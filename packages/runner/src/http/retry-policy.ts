/** How the transport retries transient failures. All durations are milliseconds. */
export interface RetryPolicy {
  /** Attempts in total, the first included (default 5). */
  maxAttempts: number;
  /** First backoff ceiling (default 500). The ceiling doubles with each attempt. */
  baseDelayMs: number;
  /** Largest backoff ceiling (default 30 000). */
  maxDelayMs: number;
  /** Overall budget for one call, retries and waits included (default 120 000). */
  deadlineMs: number;
}

/** The defaults documented in the package README. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  deadlineMs: 120_000,
};

/** Network error codes after which a request may be repeated when it is idempotent. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Codes that prove the request never left this machine: even a POST may be repeated after them. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True for network failures worth another attempt. */
export function isTransientCode(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}

/** True when the failure happened before any byte of the request could reach the server. */
export function neverReachedServer(code: string): boolean {
  return NOT_SENT_CODES.has(code);
}

/** True for HTTP statuses worth another attempt: 429 and every 5xx. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxDelay, base * 2^(attempt-1)))`.
 * `attempt` is the number of the attempt that just failed (1-based); `random` returns `[0, 1)`.
 * A server-sent `Retry-After` is a floor: the wait is never shorter than it.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/**
 * Parse a `Retry-After` header: delta-seconds (what Atlas and ARM send) or an HTTP date relative to `nowMs`.
 * Returns milliseconds, or `undefined` when absent or unparsable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
