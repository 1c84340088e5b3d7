import type { RunEvent } from '@atlas-cmk/runner';
import { render } from 'ink';
import { ApplyView } from './ApplyView.js';
import type { ApplyViewOptions } from './render-apply-view.js';
import { initialRunState, reduceRun } from './run-state.js';
import { terminalSafe } from './terminal-safe.js';
import type { RunState } from './run-view-types.js';

/**
 * Mounts the Ink app, folds each event into the state and re-renders when the state changed (a poll that saw
 * nothing new changes nothing), then unmounts after `run.finished` (or when the stream ends or throws), leaving the
 * final frame on screen. Ctrl-C is not Ink's business here: the apply command owns the abort signal, and the runner
 * reports the interruption as `run.finished`. While the run stops, the view itself says so: a line written beside
 * Ink's output would be left behind on screen when Ink redraws.
 */
export async function mountApplyView(events: AsyncIterable<RunEvent>, options: ApplyViewOptions): Promise<void> {
  let state: RunState = initialRunState();
  let stopping = options.signal?.aborted === true;
  const view = (s: RunState) => <ApplyView state={s} color={options.color} stopping={stopping} />;
  const app = render(view(state), {
    stdout: options.stdout,
    ...(options.stderr ? { stderr: options.stderr } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
    // Fold a burst of events (a poll that ends several waits) into one frame. (Ink's incremental rendering is left
    // off: with <Static> output above the live part it leaves torn frames in the scrollback.)
    maxFps: 10,
  });
  const onAbort = (): void => {
    stopping = true;
    app.rerender(view(state));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const raw of events) {
      const event = terminalSafe(raw);
      const next = reduceRun(state, event);
      if (next !== state) {
        state = next;
        app.rerender(view(state));
      }
      if (event.kind === 'run.finished') break;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    app.unmount();
    await app.waitUntilExit();
  }
}
