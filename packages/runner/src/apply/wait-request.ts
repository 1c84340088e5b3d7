import type { StepError } from './step-error.js';

/** What a waiting step concludes from one snapshot. */
export type Observation<T> =
  { kind: 'done'; value: T } | { kind: 'pending'; observed: string } | { kind: 'fail'; error: StepError };

/** One waiting step's part in a shared poll. */
export interface WaitRequest<S, T> {
  /** Pure: what this step sees in a snapshot. */
  check(snapshot: S): Observation<T>;
  /** A poll tick or heartbeat: `observed` is the latest status this step saw. */
  onObserved(observed: string): void;
  /** A read failed transiently; polling continues until the deadline. */
  onRetry(reason: string): void;
  /** Absolute time (of `now()`) at which the step gives up. */
  deadlineAt: number;
  /** The failure at the deadline, given the last observed status. */
  deadlineError(observed: string): StepError;
  /**
   * Whether the latest snapshot, if taken less than one base interval ago, may answer at once. Only for
   * conditions a stale read cannot fake (an endpoint being ACTIVE); never right after a change the
   * snapshot may predate (a cluster PATCH).
   */
  acceptRecent?: boolean;
}
