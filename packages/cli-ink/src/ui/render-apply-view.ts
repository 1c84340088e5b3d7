import type { RunEvent } from '@atlas-cmk/runner';

/** Where the Ink view draws, and whether it may use colour (decided by `colorFor`, never by chalk). */
export interface ApplyViewOptions {
  stdout: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  color: boolean;
  /** The run's abort signal (Ctrl-C): once it fires, the view says that the run is stopping and what Ctrl-C does next. */
  signal?: AbortSignal;
}

/**
 * Renders the apply event stream as the live Ink view on a terminal; resolves once `run.finished` is drawn and the
 * app is unmounted. Ink and React are imported only here, on first use, so that loading the `ui` module costs
 * nothing for commands that never draw a view.
 */
export async function renderApplyView(events: AsyncIterable<RunEvent>, options: ApplyViewOptions): Promise<void> {
  const { mountApplyView } = await import('./mount-apply-view.js');
  await mountApplyView(events, options);
}
