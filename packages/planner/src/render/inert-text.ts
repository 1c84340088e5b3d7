/**
 * Text from Atlas, Azure or a file made inert for a terminal or a log: C0/C1 control characters (escape
 * sequences, carriage returns that overwrite a line, bidirectional overrides) become `\u{…}` so they are shown,
 * never obeyed. Newlines are kept out too: one value stays on one line.
 */
export function inertText(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.codePointAt(0)?.toString(16) ?? ''}}`,
  );
}
