import fc from 'fast-check';
import { oddPiece } from './odd-text.js';

/** One change to the text of a file. */
export type TextMutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'tabIndent'; line: number }
  | { kind: 'anchorAlias'; line: number; aliasLine: number }
  | { kind: 'repeatDocument' };

/** Positions are fractions of the text length (or of the line count), so one mutation fits any text. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

/** A random text mutation: odd characters, deletions, truncation, duplicate keys, tabs, anchors and aliases. */
export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc
    .record({
      at: fraction,
      text: fc.oneof(oddPiece, fc.constantFrom(': ', '\n', '- ', '{', '"', "'", '#', '&x ', '*x')),
    })
    .map(({ at, text }): TextMutation => ({ kind: 'insert', at, text })),
  fc
    .record({ at: fraction, length: fc.integer({ min: 1, max: 20 }) })
    .map((m): TextMutation => ({ kind: 'delete', ...m })),
  fraction.map((at): TextMutation => ({ kind: 'truncate', at })),
  fraction.map((line): TextMutation => ({ kind: 'duplicateLine', line })),
  fraction.map((line): TextMutation => ({ kind: 'tabIndent', line })),
  fc.record({ line: fraction, aliasLine: fraction }).map((m): TextMutation => ({ kind: 'anchorAlias', ...m })),
  fc.constant<TextMutation>({ kind: 'repeatDocument' }),
);

const index = (f: number, length: number): number => Math.min(length - 1, Math.max(0, Math.floor(f * length)));

/** `text` with `mutation` applied. */
export function applyTextMutation(text: string, mutation: TextMutation): string {
  const lines = text.split('\n');
  switch (mutation.kind) {
    case 'insert': {
      const at = Math.floor(mutation.at * text.length);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case 'delete': {
      const at = Math.floor(mutation.at * text.length);
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case 'truncate':
      return text.slice(0, Math.floor(mutation.at * text.length));
    case 'duplicateLine': {
      const i = index(mutation.line, lines.length);
      return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
    }
    case 'tabIndent': {
      const i = index(mutation.line, lines.length);
      return lines.map((l, j) => (j === i ? l.replace(/^ +/, '\t') : l)).join('\n');
    }
    case 'anchorAlias': {
      // Anchor the value of one `key: value` line and use it as the value of another.
      const valued = lines.flatMap((l, i) => (/^\s*[\w-]+: \S/.test(l) ? [i] : []));
      if (valued.length === 0) return text;
      const anchor = valued[index(mutation.line, valued.length)]!;
      const alias = valued[index(mutation.aliasLine, valued.length)]!;
      return lines
        .map((l, i) =>
          i === anchor ? l.replace(': ', ': &v ') : i === alias && i !== anchor ? l.replace(/: .*/, ': *v') : l,
        )
        .join('\n');
    }
    case 'repeatDocument':
      return `${text}\n---\n${text}`;
    default: {
      const never: never = mutation;
      throw new Error(`unknown text mutation ${JSON.stringify(never)}`);
    }
  }
}
