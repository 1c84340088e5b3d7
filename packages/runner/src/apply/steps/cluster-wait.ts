import type { ClusterWaitStep } from '@atlas-cmk/planner';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';
import { waitHooks } from '../wait-hooks.js';

/**
 * Wait, through the project's shared cluster poller, until the cluster's `stateName` is one of `until`
 * (IDLE). Only reads made after the step started count: an older one may predate the change.
 */
export async function runClusterWait(ctx: StepContext<ClusterWaitStep>): Promise<string> {
  const { step } = ctx;
  const until = step.until.join(' or ');
  const state = await ctx.pollers.clusters.wait<string>({
    ...waitHooks(ctx, `cluster ${step.cluster}`, until, ctx.options.stepDeadlineMs.cluster),
    check: (clusters) => {
      const cluster = clusters.find((c) => c.name === step.cluster);
      if (!cluster) {
        return {
          kind: 'fail',
          error: new StepError({
            message: `Cluster ${step.cluster} is no longer listed by Atlas.`,
            hint: 'Remove it from clusters in the desired-state file and plan again.',
          }),
        };
      }
      const stateName = cluster.stateName ?? 'UNKNOWN';
      // After a pause or resume, IDLE counts only once Atlas reports the new `paused` too.
      if (step.paused !== undefined && (cluster.paused === true) !== step.paused)
        return { kind: 'pending', observed: `${stateName}, ${cluster.paused === true ? 'paused' : 'running'}` };
      return step.until.includes(stateName)
        ? { kind: 'done', value: stateName }
        : { kind: 'pending', observed: stateName };
    },
  });
  return `Cluster ${step.cluster} is ${state}${step.paused === undefined ? '' : step.paused ? ' and paused' : ' and running'}`;
}
