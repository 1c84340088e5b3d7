import type { Plan, ProjectPlan } from './plan-types.js';
import type { Step } from './step-types.js';
import { addSummaries } from './summary.js';

/** A step left out of a plan, and why: it is not allowed, or it depends on a step that was left out. */
export interface HeldBackStep {
  projectId: string;
  stepId: string;
  kind: Step['kind'];
  target: string;
  because: 'not-allowed' | 'depends-on-held-back';
}

/**
 * The plan without the steps `allow` refuses and without every step that depends on one of them (directly or
 * not), so what is left is still a valid DAG that never runs a step before the steps it needs. Pure; the input
 * plan is not changed. `reconcile` uses it to apply only non-destructive steps unless told otherwise.
 * Projects keep their resource changes (the diff is unchanged); their step counts are recomputed.
 */
export function holdBackSteps(plan: Plan, allow: (step: Step) => boolean): { plan: Plan; heldBack: HeldBackStep[] } {
  const heldBack: HeldBackStep[] = [];
  const projects: ProjectPlan[] = plan.projects.map((project) => {
    const dropped = new Set<string>();
    // Steps are in topological order: a step's dependencies are decided before the step itself.
    for (const step of project.steps) {
      const refused = !allow(step);
      const blocked = step.dependsOn.some((id) => dropped.has(id));
      if (!refused && !blocked) continue;
      dropped.add(step.id);
      heldBack.push({
        projectId: project.projectId,
        stepId: step.id,
        kind: step.kind,
        target: step.target,
        because: refused ? 'not-allowed' : 'depends-on-held-back',
      });
    }
    if (dropped.size === 0) return project;
    const steps = project.steps.filter((s) => !dropped.has(s.id));
    return { ...project, steps, summary: { ...project.summary, steps: steps.length } };
  });
  return { plan: { ...plan, projects, summary: addSummaries(projects.map((p) => p.summary)) }, heldBack };
}
