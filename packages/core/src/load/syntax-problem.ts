import { syntaxMessage } from './syntax-message.js';

/** A parser error as the `yaml` package reports it: a code, its message and the source offsets. */
export interface ParserError {
  code: string;
  message: string;
  pos: [number, number];
}

/** The one problem reported for a document that does not parse: what is wrong, in plain words, and where. */
export interface SyntaxProblem {
  message: string;
  offset: number;
}

/**
 * One syntax problem per document. After its first error the parser has lost its footing, so what it reports next
 * is mostly an echo of that first error (one bad indent gives several errors; every line of a tab-indented block
 * gives one): only the first is reported, or the first tab when a tab indents a line, because that is then the
 * cause whatever the parser says first. `text` is the file's text, to find the line an error is really about, and
 * `from` the offset where the document starts.
 */
export function syntaxProblem(errors: readonly ParserError[], text: string, from = 0): SyntaxProblem | undefined {
  const tab = errors.find((e) => e.code === 'TAB_AS_INDENT');
  if (tab) return { message: TAB_MESSAGE, offset: firstIndentingTab(text, from, tab.pos[0]) };
  const first = [...errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (!first) return undefined;
  switch (first.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      // Reported where the value above ends; what is wrong is the next line's indentation.
      return { message: OVER_INDENTED, offset: nextLineStart(text, first.pos[0]) ?? first.pos[0] };
    case 'BAD_INDENT':
      // "All mapping items must start at the same column" says it in parser words; others (a flow sequence that
      // ends too far left) are plain enough as they are.
      return {
        message: /items must start at the same column/.test(first.message)
          ? BAD_INDENT
          : syntaxMessage(first.code, first.message),
        offset: first.pos[0],
      };
    case 'DUPLICATE_KEY':
      return { message: 'This key appears twice in the same mapping: keep one of them.', offset: first.pos[0] };
    default:
      return { message: syntaxMessage(first.code, first.message), offset: first.pos[0] };
  }
}

const TAB_MESSAGE = 'Tabs cannot indent YAML: indent with spaces instead (this is the first line indented with a tab).';
const OVER_INDENTED =
  'This line is indented further than the key above it, so YAML cannot read it as a new key: indent it exactly like the keys it belongs with, using spaces.';
const BAD_INDENT =
  'This line does not start in the same column as the keys beside it: keys of one mapping line up, using spaces.';

/** The offset of the first tab that indents a line of the document starting at `from`; `fallback` if none. */
function firstIndentingTab(text: string, from: number, fallback: number): number {
  const indent = /(?:^|\n)([ ]*)\t/g;
  indent.lastIndex = Math.max(0, from - 1);
  const match = indent.exec(text);
  return match && match.index + match[0].length - 1 <= fallback ? match.index + match[0].length - 1 : fallback;
}

/** The offset of the first non-blank character of the first non-blank line after `offset`'s line. */
function nextLineStart(text: string, offset: number): number | undefined {
  const rest = /\n[ \t]*(?=\S)/g;
  rest.lastIndex = offset;
  const match = rest.exec(text);
  return match ? match.index + match[0].length : undefined;
}
