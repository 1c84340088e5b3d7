import { describe, expect, it } from 'vitest';
import { classifyRateLimit } from './rate-limit.js';

describe('classifyRateLimit', () => {
  const now = Date.UTC(2026, 0, 1);
  it('tells a permission 403 from the rate limits', () => {
    expect(
      classifyRateLimit(
        {
          status: 403,
          headers: { 'x-ratelimit-remaining': '4999' },
          message: 'Resource not accessible by integration',
        },
        now,
      ),
    ).toEqual({ kind: 'none' });
    expect(
      classifyRateLimit(
        {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 10) },
          message: undefined,
        },
        now,
      ),
    ).toEqual({
      kind: 'primary',
      waitMs: 11_000,
      resetAt: now + 10_000,
    });
    expect(
      classifyRateLimit(
        { status: 429, headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0' }, message: undefined },
        now,
      ),
    ).toEqual({ kind: 'secondary', waitMs: 7000, source: 'retry-after' });
    expect(
      classifyRateLimit({ status: 403, headers: {}, message: 'You have exceeded a secondary rate limit.' }, now),
    ).toEqual({ kind: 'secondary', waitMs: 60_000, source: 'default' });
    expect(classifyRateLimit({ status: 500, headers: { 'retry-after': '1' }, message: undefined }, now)).toEqual({
      kind: 'none',
    });
  });
});
