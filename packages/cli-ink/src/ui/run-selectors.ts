import { isTerminal } from './run-state.js';
import type { ProjectView, RunState, StepView } from './run-view-types.js';

/** The clock the view should use: time stops when the run has finished, so the last frame stays true. */
export function viewNow(state: RunState, now: number): number {
  return state.finished ? Math.min(now, state.finished.at) : now;
}

/** How long a step has run: its final time once ended, the live time while it runs, nothing before it starts. */
export function stepElapsedMs(step: StepView, now: number): number | undefined {
  if (step.elapsedMs !== undefined) return step.elapsedMs;
  if (step.startedAt === undefined) return undefined;
  return Math.max(0, now - step.startedAt, step.wait?.elapsedMs ?? 0);
}

/**
 * The target as shown beside a step: a region or a cluster name as is, and `project` for steps on the project
 * itself, whose id is already in the project's title.
 */
export function displayTarget(project: ProjectView, step: StepView): string {
  return step.target === project.projectId ? 'project' : step.target;
}

/** True while a step is under way (running, polling, or waiting for a person). */
export function isActive(step: StepView): boolean {
  return step.state === 'running' || step.state === 'waiting' || step.state === 'actionRequired';
}

/** A step that is waiting, with its project: what the heartbeat reports. */
export interface ActiveWait {
  project: ProjectView;
  step: StepView;
}

/** Every step that is polling Atlas or waiting for a person, in plan order. */
export function activeWaits(state: RunState): ActiveWait[] {
  if (state.finished) return [];
  return state.projects.flatMap((project) =>
    project.steps
      .filter((s) => s.state === 'waiting' || s.state === 'actionRequired')
      .map((step) => ({ project, step })),
  );
}

/** Step counts across all projects, for the footer of the live view. */
export interface RunProgress {
  total: number;
  done: number;
  active: number;
  actionRequired: number;
  failed: number;
}

export function runProgress(state: RunState): RunProgress {
  const steps = state.projects.flatMap((p) => p.steps);
  return {
    total: steps.length,
    done: steps.filter((s) => isTerminal(s.state)).length,
    active: steps.filter(isActive).length,
    actionRequired: steps.filter((s) => s.state === 'actionRequired').length,
    failed: steps.filter((s) => s.state === 'failed').length,
  };
}

/** True when anything still moves, i.e. elapsed times must be redrawn. */
export function hasActiveStep(state: RunState): boolean {
  return !state.finished && state.projects.some((p) => p.steps.some(isActive));
}
