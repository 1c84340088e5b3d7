import { expect } from 'vitest';
import type { Plan, ProjectPlan, Step, StepKind } from '../src/index.js';

/** The only project of a one-project plan. */
export function only(plan: Plan): ProjectPlan {
  expect(plan.projects).toHaveLength(1);
  return plan.projects[0] as ProjectPlan;
}

/** `kind target` of every step, in plan order. */
export function heads(project: ProjectPlan): string[] {
  return project.steps.map((s) => (s.kind.startsWith('ear.') ? s.kind : `${s.kind} ${s.target}`));
}

/** The single step of `kind` (on `target`, when given); fails the test when there is not exactly one. */
export function step(project: ProjectPlan, kind: StepKind, target?: string): Step {
  const found = project.steps.filter((s) => s.kind === kind && (target === undefined || s.target === target));
  expect(found, `${kind} ${target ?? ''}`).toHaveLength(1);
  return found[0] as Step;
}

/** Every step of `kind`. */
export function all(project: ProjectPlan, kind: StepKind): Step[] {
  return project.steps.filter((s) => s.kind === kind);
}

/** True when `later` depends on `earlier`, directly or through other steps. */
export function runsAfter(project: ProjectPlan, later: Step, earlier: Step): boolean {
  const byId = new Map(project.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const stack = [...later.dependsOn];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === earlier.id) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return false;
}

/** Asserts that every step of the plan appears after all its dependencies. */
export function expectTopological(project: ProjectPlan): void {
  const position = new Map(project.steps.map((s, i) => [s.id, i]));
  for (const [index, s] of project.steps.entries()) {
    for (const dep of s.dependsOn) expect(position.get(dep), `${s.id} after ${dep}`).toBeLessThan(index);
  }
}
