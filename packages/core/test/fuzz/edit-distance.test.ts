import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/load/suggest.js';

/** The textbook full-table definition, kept here as the reference the fast version must agree with. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', 'A'), maxLength: 12 });

describe('suggestions', () => {
  it('editDistance agrees with the full-table definition', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const exact = referenceDistance(a, b);
        expect(editDistance(a, b)).toBe(exact);
        // With a limit, the answer is exact below it, and at least the limit otherwise.
        for (const stopAt of [1, 2, 3, 5]) {
          const limited = editDistance(a, b, stopAt);
          if (exact < stopAt) expect(limited).toBe(exact);
          else expect(limited).toBeGreaterThanOrEqual(stopAt);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('closestMatch gives the same answer as comparing with every candidate', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 8 }), (input, candidates) => {
        const limit = Math.max(1, Math.floor(input.length / 3));
        const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
        const same = candidates.find((c) => norm(c) === norm(input));
        let best: string | undefined;
        let bestDistance = limit + 1;
        for (const c of candidates) {
          const d = referenceDistance(input.toLowerCase(), c.toLowerCase());
          if (d < bestDistance) [best, bestDistance] = [c, d];
        }
        expect(closestMatch(input, candidates)).toBe(same ?? best);
      }),
      { numRuns: 2_000 },
    );
  });
});
