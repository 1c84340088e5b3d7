import type { ClusterPauseStep } from '@atlas-cmk/planner';
import type { StepContext } from '../step-context.js';

/**
 * Pause (`cluster.pause`) or resume (`cluster.resume`) a cluster: a PATCH of `paused` alone, as Atlas requires. A
 * cluster already in the target state is left untouched (a re-run after an interruption).
 */
export async function runClusterPause(ctx: StepContext<ClusterPauseStep>): Promise<string> {
  const { step, atlas, projectId, signal } = ctx;
  const pause = step.kind === 'cluster.pause';
  const cluster = await atlas.getCluster(projectId, step.cluster, { signal });
  if ((cluster.paused === true) === pause) return `Cluster ${step.cluster} is already ${pause ? 'paused' : 'running'}`;
  await atlas.updateCluster(projectId, step.cluster, { paused: pause }, { signal });
  return pause ? `Pause requested on cluster ${step.cluster}` : `Resume requested on cluster ${step.cluster}`;
}
