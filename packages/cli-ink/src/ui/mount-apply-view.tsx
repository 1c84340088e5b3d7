import type { RunEvent } from '@atlas-cmk/runner';
import { render } from 'ink';
import { ApplyView } from './ApplyView.js';
import type { ApplyViewOptions } from './render-apply-view.js';
import { initialRunState, reduceRun } from './run-state.js';
import { terminalSafe } from './terminal-safe.js';
import type { RunState } from './run-view-types.js';

/**
 * Mounts the Ink app, folds each event into the state and re-renders, then unmounts after `run.finished` (or
 * when the stream ends or throws), leaving the final frame on screen. Ctrl-C is not Ink's business here: the
 * apply command owns the abort signal, and the runner reports the interruption as `run.finished`.
 */
export async function mountApplyView(events: AsyncIterable<RunEvent>, options: ApplyViewOptions): Promise<void> {
  let state: RunState = initialRunState();
  const view = (s: RunState) => <ApplyView state={s} color={options.color} />;
  const app = render(view(state), {
    stdout: options.stdout,
    ...(options.stderr ? { stderr: options.stderr } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    for await (const raw of events) {
      const event = terminalSafe(raw);
      state = reduceRun(state, event);
      app.rerender(view(state));
      if (event.kind === 'run.finished') break;
    }
  } finally {
    app.unmount();
    await app.waitUntilExit();
  }
}
