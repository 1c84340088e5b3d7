import type { WaitRequest } from './wait-request.js';
import type { StepContext } from './step-context.js';
import { StepError } from './step-error.js';

/** The parts of a {@link WaitRequest} every waiting step shares: events, retries and the deadline. */
export type WaitHooks = Pick<WaitRequest<unknown, unknown>, 'onObserved' | 'onRetry' | 'deadlineAt' | 'deadlineError'>;

/**
 * Hooks for a step waiting until `what` reaches `until`, giving up `deadlineMs` after `from` (default: the
 * step's start). Each observation becomes `step.waiting`; a transient read failure becomes `step.retrying`.
 */
export function waitHooks(
  ctx: StepContext,
  what: string,
  until: string,
  deadlineMs: number,
  from = ctx.startedAt,
): WaitHooks {
  let attempt = 0;
  return {
    onObserved: (observed) => ctx.waiting(until, observed, deadlineMs),
    onRetry: (reason) => {
      attempt += 1;
      ctx.retrying(attempt, 0, reason);
    },
    deadlineAt: from + deadlineMs,
    deadlineError: (observed) =>
      new StepError({
        message: `Gave up after ${formatDuration(deadlineMs)} waiting for ${what} to be ${until}: Atlas still reports ${observed}.`,
        hint: 'Nothing is lost: run atlas-cmk apply again to keep waiting; it re-reads live state and picks up where this run stopped.',
      }),
  };
}

/** `90 s`, `15 min`, `1 h 30 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}
