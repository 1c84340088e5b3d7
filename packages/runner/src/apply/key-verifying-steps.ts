import type { EarStep, Plan } from '@atlas-cmk/planner';

/**
 * Per project, the last EAR change in plan order when it leaves CMK enabled: after it, Atlas must report
 * `valid: true`. Earlier changes are followed by later ones, so checking them would only slow the run.
 * Returns `projectId/stepId` keys.
 */
export function keyVerifyingSteps(plan: Plan): Set<string> {
  const keys = new Set<string>();
  for (const project of plan.projects) {
    const ear = project.steps.filter((s): s is EarStep => s.kind.startsWith('ear.'));
    const last = ear[ear.length - 1];
    if (last === undefined) continue;
    const vault = (last.request.body as { azureKeyVault?: { enabled?: unknown } } | undefined)?.azureKeyVault;
    if (vault?.enabled === true) keys.add(`${project.projectId}/${last.id}`);
  }
  return keys;
}
