import { topologicalOrder } from '../graph/dag.js';
import type { Step } from '../step-types.js';

/**
 * Pass 5, check acyclic: proves the steps can run (every dependency exists, no cycle) and returns them in
 * a topological order that keeps the preferred order where it is already valid. A failure here is a bug
 * in the passes above, never a problem of the user's input, so it throws.
 */
export function checkAcyclic(projectId: string, steps: readonly Step[]): Step[] {
  const byId = new Map(steps.map((step) => [step.id, step]));
  if (byId.size !== steps.length) throw new Error(`Planner produced duplicate step ids for project ${projectId}.`);
  const result = topologicalOrder({
    nodes: steps.map((s) => s.id),
    dependenciesOf: (id) => byId.get(id)?.dependsOn ?? [],
  });
  switch (result.kind) {
    case 'ordered':
      return result.order.map((id) => byId.get(id) as Step);
    case 'cycle':
      throw new Error(`Planner produced a dependency cycle for project ${projectId}: ${result.cycle.join(' -> ')}.`);
    case 'unknown-dependency':
      throw new Error(
        `Planner produced step ${result.node} of project ${projectId} depending on unknown step ${result.dependency}.`,
      );
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
