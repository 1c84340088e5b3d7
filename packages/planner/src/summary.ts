import type { PlanSummary, ResourceChange } from './plan-types.js';

/** Counts of a project's changes as Terraform counts them: a replace is one add and one destroy. */
export function summarize(changes: readonly ResourceChange[], steps: number): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0, steps };
  for (const change of changes) {
    switch (change.action) {
      case 'create':
        summary.add += 1;
        break;
      case 'update':
        summary.change += 1;
        break;
      case 'delete':
        summary.destroy += 1;
        break;
      case 'replace':
        summary.add += 1;
        summary.destroy += 1;
        break;
      case 'no-op':
      case 'read':
        break;
      default: {
        const unreachable: never = change.action;
        return unreachable;
      }
    }
  }
  return summary;
}

/** The sum of several summaries. */
export function addSummaries(summaries: readonly PlanSummary[]): PlanSummary {
  return summaries.reduce(
    (total, s) => ({
      add: total.add + s.add,
      change: total.change + s.change,
      destroy: total.destroy + s.destroy,
      steps: total.steps + s.steps,
    }),
    { add: 0, change: 0, destroy: 0, steps: 0 },
  );
}

/** True when the plan has nothing to do: no change and no step. */
export function isEmptySummary(summary: PlanSummary): boolean {
  return summary.add + summary.change + summary.destroy + summary.steps === 0;
}
