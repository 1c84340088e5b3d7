import { escapeControl } from '@atlas-cmk/planner';

/**
 * The colour sequences atlas-cmk itself writes (`color.ts` and the planner's style): bold, dim, normal
 * intensity, red, green, yellow, magenta, cyan, default colour, reset. Nothing else passes the guard.
 */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:0|1|2|22|31|32|33|35|36|39)m/y;
// Control characters but the line feed and the tab, plus line separators and bidi overrides.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const RAW = Symbol('atlas-cmk raw stream');

/**
 * `text` as it may reach a terminal: every control character is shown escaped except line feeds, tabs and the
 * colour sequences of {@link OWN_SGR}. Renderers already neutralise the values they print; this is the last
 * boundary, so a value that reaches a message by another path (an error's text, a warning) still cannot
 * conceal, move the cursor, set the title or write the clipboard.
 */
export function guardText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (char === '\u001b') {
      OWN_SGR.lastIndex = i;
      const own = OWN_SGR.exec(text);
      if (own) {
        out += own[0];
        i += own[0].length - 1;
        continue;
      }
    }
    out += UNSAFE.test(char) ? escapeControl(char) : char;
  }
  return out;
}

/**
 * `stream` with every string written to it passed through {@link guardText}; everything else (events, `isTTY`,
 * `columns`, back-pressure) is the stream's own. The top-level handler wraps stdout and stderr once, so every
 * command writes through the guard.
 */
export function guardStream<S extends NodeJS.WritableStream>(stream: S): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? guardText(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, property) {
      if (property === RAW) return target;
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The stream under a guard, for the Ink view alone: Ink moves the cursor and redraws, and draws only state that
 * was neutralised when each event was folded in (`terminalSafe`).
 */
export function unguarded<S extends NodeJS.WritableStream>(stream: S): S {
  return ((stream as unknown as Record<symbol, unknown>)[RAW] as S | undefined) ?? stream;
}
