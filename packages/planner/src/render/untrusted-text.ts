/**
 * Characters that steer a terminal or reorder what it shows: C0 controls (escape, carriage return, backspace,
 * bell, line breaks…), DEL, C1 controls (a single-byte CSI among them), the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character shown escaped (`\e`, `\n`, `\x07`, `\u202e`…), so a value from a user file
 * or an API answer cannot recolour, conceal, move the cursor, rewrite the title, split the one line it is given or
 * reverse what follows it. Everything else, backslashes included, is left as it is: the escape is for reading,
 * not for parsing back.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** True when `text` holds a character {@link escapeControl} would escape. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * A copy of `value` (plain data: a plan, an event, diagnostics) with every string, keys included, passed through
 * {@link escapeControl}. This is what a renderer does first with the model it is given, so that no value it
 * prints can carry a control character, whichever field the value came from. The input is not modified.
 */
export function neutralise<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return hasControl(value) ? escapeControl(value) : value;
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeControl(k), clean(v)]));
  }
  return value;
}
