/**
 * Breaks a shell command into lines of at most `width` characters, ending every line but the last with ` \`, so
 * that the lines pasted into a shell run as one command (a terminal wraps long lines with hard breaks otherwise).
 * Quoted arguments (`"…"`, `'…'`) stay whole; a single word longer than `width` gets a line of its own.
 */
export function wrapCommand(command: string, width: number): string[] {
  const words = shellWords(command);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const indent = lines.length > 0 ? '  ' : '';
    const candidate = line === '' ? `${indent}${word}` : `${line} ${word}`;
    // Room for the trailing " \" on every line that is followed by another one.
    if (line !== '' && candidate.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `  ${word}`;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Splits on spaces outside quotes; quotes are kept so the words join back into the same command. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  for (const ch of command) {
    if (quote) {
      word += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      word += ch;
      quote = ch;
    } else if (ch === ' ') {
      if (word !== '') words.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word !== '') words.push(word);
  return words;
}
