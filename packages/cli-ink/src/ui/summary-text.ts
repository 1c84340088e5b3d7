import { formatDuration, plural } from './format-time.js';
import type { RunFinish } from './run-view-types.js';

/** The closing line and the next step, worded the same by the Ink view and the plain renderer. */
export interface SummaryText {
  outcome: RunFinish['outcome'];
  headline: string;
  next?: string;
}

/**
 * `Apply complete: 12 steps succeeded in 2m03s`, `Apply failed: 1 failed, 4 skipped (7 succeeded, 2m03s)` or
 * `Apply interrupted: …`. The runner's own `next` wins; otherwise a failed or interrupted run says how to continue.
 */
export function summaryText(finish: RunFinish): SummaryText {
  const { counts } = finish;
  const took = formatDuration(finish.elapsedMs);
  switch (finish.outcome) {
    case 'converged': {
      const headline =
        counts.succeeded === 0
          ? `Apply complete: no changes (${took})`
          : `Apply complete: ${plural(counts.succeeded, 'step')} succeeded in ${took}`;
      return withNext(finish, { outcome: finish.outcome, headline });
    }
    case 'failed':
      return withNext(finish, {
        outcome: finish.outcome,
        headline: `Apply failed: ${counts.failed} failed, ${counts.skipped} skipped (${counts.succeeded} succeeded, ${took})`,
        next: 'Fix the error shown above, then run atlas-cmk apply again: it continues from the live state.',
      });
    case 'interrupted':
      return withNext(finish, {
        outcome: finish.outcome,
        headline: `Apply interrupted: ${counts.succeeded} succeeded, ${counts.pending + counts.skipped} not done (${took})`,
        next: 'Run atlas-cmk apply again to continue from the live state.',
      });
    default: {
      const unknown: never = finish.outcome;
      return unknown;
    }
  }
}

function withNext(finish: RunFinish, text: SummaryText): SummaryText {
  return finish.next === undefined ? text : { ...text, next: finish.next };
}
