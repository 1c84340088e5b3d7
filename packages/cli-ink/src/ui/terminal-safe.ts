import type { RunEvent } from '@atlas-cmk/runner';

// C0 and C1 control characters, DEL included: escape sequences, carriage returns, bells, line breaks.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A copy of the event whose strings cannot steer the terminal. Messages may carry text that came from Atlas or
 * Azure (an error's detail); an escape sequence in it must not recolour, move the cursor or clear the screen, and
 * a line break must not split the one line an event gets. Control characters become spaces. NDJSON needs none of
 * this: `JSON.stringify` escapes them.
 */
export function terminalSafe(event: RunEvent): RunEvent {
  return clean(event) as RunEvent;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CONTROL, ' ');
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
  }
  return value;
}
