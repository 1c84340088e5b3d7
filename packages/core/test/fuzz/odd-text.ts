import fc from 'fast-check';

/**
 * Characters that break naive text handling: bidirectional controls, zero-width characters, a byte order mark,
 * NUL and other controls, lone surrogates (written to a file they become U+FFFD), emoji with joiners, combining
 * marks, line and paragraph separators, an ANSI escape, and YAML's own indicator characters.
 */
export const ODD_PIECES: readonly string[] = [
  '\u200F', // right-to-left mark
  '\u202E', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u200B', // zero-width space
  '\u200D', // zero-width joiner
  '\uFEFF', // byte order mark
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\uD800',
  '\uDFFF',
  '\u{1F600}',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  'e\u0301',
  '\u2028',
  '\u2029',
  '\u0085',
  '\r',
  '\r\n',
  '\t',
  'ＡＢＣ',
  'İı',
  '𝔘𝔫𝔦',
  '\uFFFE',
  '%',
  '@',
  '`',
  '!!binary',
  '\\',
];

/** One odd piece. */
export const oddPiece: fc.Arbitrary<string> = fc.constantFrom(...ODD_PIECES);

/** A short string mixing plain text, full Unicode code points and odd pieces. */
export const oddString: fc.Arbitrary<string> = fc
  .array(fc.oneof(oddPiece, fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ maxLength: 6 })), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

/** Tokens of YAML syntax: indicators, flow collections, anchors, tags, directives, separators and indentation. */
const YAML_TOKENS: readonly string[] = [
  ':',
  ': ',
  '- ',
  '? ',
  '\n',
  '\n  ',
  '\n    ',
  '  ',
  '\t',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!str ',
  '!!int ',
  '!!map ',
  '!custom ',
  '<<: ',
  "'",
  '"',
  '#',
  '|',
  '>-',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '%TAG ! tag:x,2000:\n',
  'apiVersion',
  'atlas-cmk/v1',
  'kind',
  'ProjectEncryption',
  'spec',
  'projectId',
  '66c9e8f1dd6c9960802420e9',
  'azureKeyVault',
  'enabled',
  'true',
  'null',
  '~',
  '0x1F',
  '.nan',
  '-.inf',
  '1e999',
  'waivers',
  'clusters',
  'regions',
  '${env:X}',
  '${file:../../etc/passwd}',
];

/** Random text built from YAML tokens, odd characters and arbitrary strings. */
export const yamlishText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...YAML_TOKENS) }, oddPiece, fc.string({ maxLength: 5 })), {
    maxLength: 120,
  })
  .map((parts) => parts.join(''));

/** Nesting `depth` levels deep, as flow sequences, flow mappings or block mappings. */
export function deepText(depth: number, style: 'flow-seq' | 'flow-map' | 'block' | 'unclosed'): string {
  switch (style) {
    case 'flow-seq':
      return `${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    case 'flow-map':
      return `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    case 'block':
      return Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
    case 'unclosed':
      return `${'[{'.repeat(depth)}\n`;
    default: {
      const never: never = style;
      throw new Error(`unknown style ${String(never)}`);
    }
  }
}
