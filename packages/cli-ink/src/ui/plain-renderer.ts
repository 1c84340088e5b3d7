import type { RunEvent } from '@atlas-cmk/runner';
import { makePaint } from '../color.js';
import { heartbeatLine, plainLines } from './plain-lines.js';
import { activeWaits } from './run-selectors.js';
import { initialRunState, reduceRun } from './run-state.js';
import { terminalSafe } from './terminal-safe.js';
import type { RunState } from './run-view-types.js';

/** Options of {@link renderPlain}. `now` and the global timers are the only clock, so fake timers drive tests. */
export interface PlainRendererOptions {
  /** Receives one line at a time, without the trailing newline. */
  write: (line: string) => void;
  color: boolean;
  now?: () => number;
  /** The longest a waiting step stays silent; defaults to 10 seconds. */
  heartbeatMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 10_000;

/**
 * Writes one line per event (CI logs, `--format plain`) and, while a step waits, a "Still waiting…" line whenever
 * that step has been silent for `heartbeatMs`, even if no event arrives. Resolves after `run.finished` or when the
 * stream ends; the heartbeat timer is always cleared, also when the stream throws.
 */
export async function renderPlain(events: AsyncIterable<RunEvent>, options: PlainRendererOptions): Promise<void> {
  const paint = makePaint(options.color);
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  let state: RunState = initialRunState();
  // When each waiting step last produced a line: the heartbeat speaks only for steps that have been quiet.
  const lastLineAt = new Map<string, number>();
  const stepKey = (projectId: string, stepId: string): string => `${projectId}\u0000${stepId}`;

  const beat = (): void => {
    const t = now();
    for (const { project, step } of activeWaits(state)) {
      const key = stepKey(project.projectId, step.id);
      const last = lastLineAt.get(key) ?? t;
      if (!lastLineAt.has(key)) lastLineAt.set(key, t);
      if (t - last >= heartbeatMs) {
        options.write(heartbeatLine(state, project.projectId, step, t, paint));
        lastLineAt.set(key, t);
      }
    }
  };
  const timer = setInterval(beat, Math.min(1000, heartbeatMs));
  try {
    for await (const raw of events) {
      const event = terminalSafe(raw);
      state = reduceRun(state, event);
      for (const line of plainLines(state, event, paint)) options.write(line);
      if (event.kind !== 'run.started' && event.kind !== 'run.finished')
        lastLineAt.set(stepKey(event.projectId, event.stepId), now());
      if (event.kind === 'run.finished') break;
    }
  } finally {
    clearInterval(timer);
  }
}
