import type { StepErrorInfo } from './step-error.js';
import type { NodeState } from './walk-dag.js';

/** A root cause of a failed run (skipped dependents are not repeated here). */
export interface RunFailure {
  stepId: string;
  projectId: string;
  message: string;
  errorCode?: string;
  hint?: string;
}

/** What an apply ended with. `counts.pending` includes steps interrupted while running. */
export interface RunOutcome {
  outcome: 'converged' | 'failed' | 'interrupted';
  counts: { succeeded: number; failed: number; skipped: number; pending: number };
  failures: RunFailure[];
}

/** What `run.finished.next` says after an interrupted run. */
export const CONTINUE_AFTER_INTERRUPT =
  'Run `atlas-cmk apply` again to continue: it re-reads live state and picks up where this run stopped.';

/** What `run.finished.next` says after a failed run. */
export const CONTINUE_AFTER_FAILURE =
  'Fix the causes above, then run `atlas-cmk apply` again: it re-reads live state and continues from there.';

/** A {@link RunFailure} from what `step.failed` reported. */
export function runFailure(projectId: string, stepId: string, info: StepErrorInfo): RunFailure {
  return {
    stepId,
    projectId,
    message: info.message,
    ...(info.errorCode === undefined ? {} : { errorCode: info.errorCode }),
    ...(info.hint === undefined ? {} : { hint: info.hint }),
  };
}

/**
 * Count the final node states. The run is `interrupted` when it was aborted with work left, else `failed`
 * when anything failed, else `converged`.
 */
export function summarizeRun(
  states: ReadonlyMap<string, NodeState>,
  failures: RunFailure[],
  aborted: boolean,
): RunOutcome {
  const counts = { succeeded: 0, failed: 0, skipped: 0, pending: 0 };
  for (const state of states.values()) {
    switch (state.kind) {
      case 'succeeded':
      case 'failed':
      case 'skipped':
        counts[state.kind] += 1;
        break;
      case 'interrupted':
      case 'pending':
        counts.pending += 1;
        break;
      default: {
        const unreachable: never = state;
        return unreachable;
      }
    }
  }
  const outcome = aborted && counts.pending > 0 ? 'interrupted' : failures.length > 0 ? 'failed' : 'converged';
  return { outcome, counts, failures };
}

/** The `next` hint of `run.finished` for an outcome. */
export function nextAction(outcome: RunOutcome['outcome']): string | undefined {
  switch (outcome) {
    case 'converged':
      return undefined;
    case 'failed':
      return CONTINUE_AFTER_FAILURE;
    case 'interrupted':
      return CONTINUE_AFTER_INTERRUPT;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
