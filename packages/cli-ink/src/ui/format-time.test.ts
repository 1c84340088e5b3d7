import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, plural } from './format-time.js';

describe('formatDuration', () => {
  it('writes seconds, minutes with two-digit seconds, and hours', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(40_000)).toBe('40s');
    expect(formatDuration(72_000)).toBe('1m12s');
    expect(formatDuration(123_000)).toBe('2m03s');
    expect(formatDuration(3_723_000)).toBe('1h02m03s');
  });

  it('counts clock skew and malformed timestamps as zero', () => {
    expect(formatDuration(-5_000)).toBe('0s');
    expect(formatDuration(Number.NaN)).toBe('0s');
    expect(formatClock(Number.NaN)).toBe('00:00');
  });
});

describe('formatClock, plural', () => {
  it('format run clocks, project ids and counts', () => {
    expect(formatClock(12_000)).toBe('00:12');
    expect(formatClock(3_665_000)).toBe('61:05');
    expect(plural(1, 'step')).toBe('1 step');
    expect(plural(12, 'step')).toBe('12 steps');
  });
});
