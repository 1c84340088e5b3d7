import type { StepKind } from '@atlas-cmk/planner';

/** Where a step is in its life. `waiting` polls Atlas; `actionRequired` waits for a person (manual approval). */
export type StepState = 'pending' | 'running' | 'waiting' | 'actionRequired' | 'succeeded' | 'failed' | 'skipped';

/** The last poll of a wait: what Atlas reports now and what the step waits for. */
export interface StepWait {
  observed: string;
  /** When the first poll that saw `observed` happened (epoch milliseconds). */
  since: number;
  until: string;
  elapsedMs: number;
  deadlineMs: number;
}

/** A step failure as the runner reported it: already redacted, with Atlas's `errorCode` and a hint when known. */
export interface StepError {
  message: string;
  errorCode?: string;
  status?: number;
  hint?: string;
}

/** One step of a project as the renderers show it. Times are epoch milliseconds taken from the events' `at`. */
export interface StepView {
  id: string;
  kind: StepKind;
  target: string;
  description: string;
  state: StepState;
  startedAt?: number;
  /** Set once the step succeeded or failed: the runner's own measure. */
  elapsedMs?: number;
  wait?: StepWait;
  retries: number;
  lastRetry?: { attempt: number; delayMs: number; reason: string };
  /** The approval instruction and exact command; kept after success, shown only while `actionRequired`. */
  action?: { instruction: string; command: string };
  error?: StepError;
  /** The success message, e.g. "Endpoint US_CENTRAL approved". */
  message?: string;
  skipReason?: string;
}

/**
 * The status of the last poll of a project's endpoint in one region (`endpoint.*` steps target a region), and
 * since when (epoch milliseconds of the first poll that saw it). Only an observed status is ever recorded, never
 * what a step waits for.
 */
export interface EndpointStatus {
  region: string;
  status: string;
  since: number;
}

export interface ProjectView {
  projectId: string;
  name: string;
  steps: StepView[];
  endpoints: EndpointStatus[];
}

export interface RunFinish {
  outcome: 'converged' | 'failed' | 'interrupted';
  at: number;
  elapsedMs: number;
  counts: { succeeded: number; failed: number; skipped: number; pending: number };
  next?: string;
}

/**
 * Everything the three renderers need to know about an apply, built only by {@link reduceRun}. `completed` lists
 * project ids in the order their last step ended; it only grows, so the Ink view can hand it to `<Static>`.
 */
export interface RunState {
  startedAt?: number;
  projects: ProjectView[];
  completed: string[];
  finished?: RunFinish;
}
