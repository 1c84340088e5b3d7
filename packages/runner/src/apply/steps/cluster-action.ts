import type { ClusterActionStep } from '@atlas-cmk/planner';
import type { StepContext } from '../step-context.js';

/**
 * Set `encryptionAtRestProvider` on a cluster: AZURE for `cluster.enableCmk`, NONE for `cluster.disableCmk`.
 * A cluster already in the target state is left untouched.
 */
export async function runClusterAction(ctx: StepContext<ClusterActionStep>): Promise<string> {
  const { step, atlas, projectId, signal } = ctx;
  const target = targetProvider(step.kind);
  const cluster = await atlas.getCluster(projectId, step.cluster, { signal });
  if ((cluster.encryptionAtRestProvider ?? 'NONE') === target) {
    return `Cluster ${step.cluster} already uses ${target === 'AZURE' ? 'CMK' : 'no CMK'}`;
  }
  await atlas.updateCluster(projectId, step.cluster, { encryptionAtRestProvider: target }, { signal });
  return target === 'AZURE'
    ? `CMK requested on cluster ${step.cluster}`
    : `CMK removal requested on cluster ${step.cluster}`;
}

function targetProvider(kind: ClusterActionStep['kind']): 'AZURE' | 'NONE' {
  switch (kind) {
    case 'cluster.enableCmk':
      return 'AZURE';
    case 'cluster.disableCmk':
      return 'NONE';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
