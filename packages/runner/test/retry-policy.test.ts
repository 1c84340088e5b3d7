import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryPolicy, parseRetryAfter } from '../src/http/retry-policy.js';

describe('backoff and Retry-After', () => {
  it('draws full jitter below a doubling ceiling capped at maxDelayMs', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 0.999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffDelay(defaultRetryPolicy, 1, () => 0.5, 55_000)).toBe(55_000);
    expect(backoffDelay({ ...defaultRetryPolicy, baseDelayMs: 10_000 }, 1, () => 0.9, 1000)).toBe(9000);
  });

  it('parses delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('55', now)).toBe(55_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
