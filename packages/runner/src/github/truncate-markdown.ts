/** Markdown state at the end of a prefix: what must be closed for the rest to render. */
interface OpenBlocks {
  /** The open code fence (e.g. "```" or "~~~~"), if any. */
  fence: string | undefined;
  /** `<details>` elements opened outside code and not yet closed. */
  details: number;
}

/** An opening or closing fence line: up to three spaces, then three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Cut `text` on a line boundary so that `cut + closers + note` is at most `maxChars` characters, where the
 * closers end an open code fence and every open `<details>` so the comment still renders. Returns `text`
 * unchanged when it fits, else the cut text followed by `note(shownChars, totalChars)`.
 *
 * Lengths are UTF-16 code units, which is never less than the characters GitHub counts, so the result
 * always fits. Throws `RangeError` when even the note alone does not fit (a caller bug, not user input).
 */
export function truncateMarkdown(
  text: string,
  maxChars: number,
  note: (shown: number, total: number) => string,
): string {
  if (text.length <= maxChars) return text;
  const lines = text.split('\n');
  const state: OpenBlocks = { fence: undefined, details: 0 };
  // Upper bound of the note's length: the numbers it shows are at most text.length.
  const noteBudget = note(text.length, text.length).length;
  let best: { length: number; closers: string } | undefined;
  let length = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const next = length + (index === 0 ? 0 : 1) + line.length;
    if (next > maxChars) break;
    length = next;
    advance(state, line);
    const closers = closersFor(state);
    if (length + closers.length + noteBudget <= maxChars) best = { length, closers };
  }
  const shown = best?.length ?? 0;
  const closers = best?.closers ?? '';
  const result = text.slice(0, shown) + closers + note(shown, text.length);
  if (result.length > maxChars) throw new RangeError(`maxChars ${maxChars} leaves no room for the truncation note`);
  return result;
}

/** Track fences and `<details>` across one line. */
function advance(state: OpenBlocks, line: string): void {
  const fence = FENCE.exec(line);
  if (state.fence !== undefined) {
    // A closing fence uses the same character, at least as long, with nothing but spaces after it.
    const marker = fence?.[1];
    if (marker && marker[0] === state.fence[0] && marker.length >= state.fence.length && (fence[2] ?? '').trim() === '')
      state.fence = undefined;
    return;
  }
  if (fence?.[1] && !(fence[1][0] === '`' && (fence[2] ?? '').includes('`'))) {
    state.fence = fence[1];
    return;
  }
  const opened = line.match(/<details\b/gi)?.length ?? 0;
  const closed = line.match(/<\/details\s*>/gi)?.length ?? 0;
  state.details = Math.max(0, state.details + opened - closed);
}

function closersFor(state: OpenBlocks): string {
  return (state.fence === undefined ? '' : `\n${state.fence}`) + '\n</details>'.repeat(state.details);
}
