import type { Step } from '../step-types.js';

/** One step as people read it: number, kind, target, the numbers it waits for, and its description. */
export interface StepLine {
  number: number;
  head: string;
  after: string;
  destructive: boolean;
  description: string;
}

/**
 * Numbers a project's steps 1..n in plan order and names dependencies by number. The project-level
 * steps (`ear.*`) target the project, which the section heading already names, so no target is shown.
 */
export function stepLines(steps: readonly Step[]): StepLine[] {
  const numberOf = new Map(steps.map((step, index) => [step.id, index + 1]));
  return steps.map((step, index) => {
    const deps = step.dependsOn.map((id) => numberOf.get(id) ?? 0).sort((a, b) => a - b);
    return {
      number: index + 1,
      head: step.kind.startsWith('ear.') ? step.kind : `${step.kind} ${step.target}`,
      after: deps.length > 0 ? `(after ${deps.join(', ')})` : '',
      destructive: step.destructive,
      description: step.description,
    };
  });
}
