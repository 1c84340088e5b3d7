/**
 * The candidate closest to `input` (case-insensitive edit distance), if it is close enough to be a
 * likely typo: at most a third of the input's length, and at least one edit always allowed.
 * A candidate that differs from `input` only in letter case, `_` or `-` always wins.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const sameLetters = candidates.find((candidate) => normalize(candidate) === normalize(input));
  if (sameLetters !== undefined) return sameLetters;
  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: skip the quadratic work when that alone is too far
    // (a 1 MB value compared with 56 region names would otherwise take minutes).
    if (Math.abs(candidate.length - input.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Levenshtein distance with adjacent transpositions counted as one edit. Keeps three rows of numbers, not the
 * whole table, and stops as soon as every entry of two consecutive rows reaches `stopAt` (the result is then at
 * least `stopAt`, returned as is): a file can hold thousands of values that each get compared with every
 * allowed value.
 */
export function editDistance(a: string, b: string, stopAt = Number.POSITIVE_INFINITY): number {
  let beforePrevious = new Uint32Array(b.length + 1);
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Uint32Array(b.length + 1);
  let previousMinimum = 0;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      current[j] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    // A transposition reaches back two rows, so both this row and the one before must be past the limit.
    if (rowMinimum >= stopAt && previousMinimum >= stopAt) return stopAt;
    previousMinimum = rowMinimum;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length]!;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[-_]/g, '');
}
