import { neutralise } from '@atlas-cmk/planner';
import type { RunEvent } from '@atlas-cmk/runner';

/**
 * A copy of the event whose strings cannot steer the terminal. Messages may carry text that came from Atlas or
 * Azure (an error's detail) and names come from the user's files; an escape sequence in them must not recolour,
 * conceal, move the cursor or clear the screen, and a line break must not split the one line an event gets.
 * Control characters are shown escaped (`\e`, `\n`, `\x07`). The Ink view and the plain renderer fold events into
 * their state only through this, so no component or line formatter sees a raw value. NDJSON needs none of this:
 * `JSON.stringify` escapes them.
 */
export function terminalSafe(event: RunEvent): RunEvent {
  return neutralise(event);
}
