/**
 * Durations as people read them in progress output: `40s`, `1m12s`, `2m03s`, `1h02m03s`. Sub-second durations
 * round down to `0s`; negative input (clock skew between events) and a malformed timestamp count as zero.
 */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${pad2(minutes)}m${pad2(seconds)}s`;
  if (minutes > 0) return `${minutes}m${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** A run clock for line prefixes: `00:12`, `61:05` past an hour (minutes keep counting, lines stay aligned). */
export function formatClock(ms: number): string {
  const total = Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0;
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}

/** `1 step`, `12 steps`: English plural of a countable word. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
