import type { StepKind } from '@atlas-cmk/planner';
import type { RunEvent } from '@atlas-cmk/runner';
import type { RunState, StepState, StepView, StepWait } from './run-view-types.js';

/** The state before `run.started`: a fresh object each time, so no caller can change another's start. */
export function initialRunState(): RunState {
  return { projects: [], completed: [] };
}

const ENDPOINT_WAITS: ReadonlySet<StepKind> = new Set<StepKind>([
  'endpoint.waitPendingAcceptance',
  'endpoint.waitActive',
  'endpoint.waitDeleted',
]);

const TERMINAL: ReadonlySet<StepState> = new Set(['succeeded', 'failed', 'skipped']);

/** True once a step can no longer change: succeeded, failed or skipped. */
export function isTerminal(state: StepState): boolean {
  return TERMINAL.has(state);
}

/**
 * Folds one event into the state. Pure: never mutates `state` or `event`. Events for a project or step the run
 * never announced are ignored, except `step.started`, which adds the step so that nothing is silently lost.
 */
export function reduceRun(state: RunState, event: RunEvent): RunState {
  switch (event.kind) {
    case 'run.started':
      return {
        startedAt: Date.parse(event.at),
        completed: [],
        projects: event.projects.map((p) => ({
          projectId: p.projectId,
          name: p.name,
          endpoints: [],
          steps: p.steps.map((s) => ({
            id: s.id,
            kind: s.kind,
            target: s.target,
            description: s.description,
            state: 'pending',
            retries: 0,
          })),
        })),
      };
    case 'step.started':
      return updateStep(
        state,
        event.projectId,
        event.stepId,
        (s) => ({
          ...s,
          kind: event.stepKind,
          target: event.target,
          description: event.description,
          state: 'running',
          startedAt: Date.parse(event.at),
        }),
        {
          id: event.stepId,
          kind: event.stepKind,
          target: event.target,
          description: event.description,
          state: 'pending',
          retries: 0,
        },
      );
    case 'step.waiting': {
      const at = Date.parse(event.at);
      const before = findStep(state, event.projectId, event.stepId);
      // Polls that see nothing new change nothing on screen: the same state comes back, so the view need not redraw.
      if (
        before?.wait &&
        before.wait.observed === event.observed &&
        before.wait.until === event.until &&
        (before.state === 'waiting' || before.state === 'actionRequired')
      )
        return state;
      const wait: StepWait = {
        observed: event.observed,
        since: before?.wait?.observed === event.observed ? before.wait.since : at,
        until: event.until,
        elapsedMs: event.elapsedMs,
        deadlineMs: event.deadlineMs,
      };
      const next = updateStep(state, event.projectId, event.stepId, (s) => ({
        ...s,
        // A person still has to act until the step ends, even while the runner polls for the result.
        state: s.state === 'actionRequired' ? 'actionRequired' : 'waiting',
        startedAt: s.startedAt ?? Date.parse(event.at) - event.elapsedMs,
        wait,
      }));
      return recordEndpoint(next, event.projectId, event.stepId, event.observed, at);
    }
    case 'step.actionRequired':
      return updateStep(state, event.projectId, event.stepId, (s) => ({
        ...s,
        state: 'actionRequired',
        startedAt: s.startedAt ?? Date.parse(event.at),
        action: { instruction: event.instruction, command: event.command },
      }));
    case 'step.retrying':
      return updateStep(state, event.projectId, event.stepId, (s) => ({
        ...s,
        retries: s.retries + 1,
        lastRetry: { attempt: event.attempt, delayMs: event.delayMs, reason: event.reason },
      }));
    case 'step.succeeded':
      // The endpoint's status stays what the last poll saw (the runner reports the poll that ended the wait);
      // what the step waited for, e.g. "PENDING_ACCEPTANCE or ACTIVE", is never a status.
      return updateStep(state, event.projectId, event.stepId, (s) => ({
        ...s,
        state: 'succeeded',
        elapsedMs: event.elapsedMs,
        message: event.message,
      }));
    case 'step.failed':
      return updateStep(state, event.projectId, event.stepId, (s) => ({
        ...s,
        state: 'failed',
        elapsedMs: event.elapsedMs,
        error: { ...event.error },
      }));
    case 'step.skipped':
      return updateStep(state, event.projectId, event.stepId, (s) => ({
        ...s,
        state: 'skipped',
        skipReason: event.reason,
      }));
    case 'run.finished':
      return {
        ...state,
        finished: {
          outcome: event.outcome,
          at: Date.parse(event.at),
          elapsedMs: event.elapsedMs,
          counts: { ...event.counts },
          ...(event.next === undefined ? {} : { next: event.next }),
        },
      };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function findStep(state: RunState, projectId: string, stepId: string): StepView | undefined {
  return state.projects.find((p) => p.projectId === projectId)?.steps.find((s) => s.id === stepId);
}

function updateStep(
  state: RunState,
  projectId: string,
  stepId: string,
  change: (step: StepView) => StepView,
  missing?: StepView,
): RunState {
  const project = state.projects.find((p) => p.projectId === projectId);
  if (!project) return state;
  const known = project.steps.some((s) => s.id === stepId);
  if (!known && !missing) return state;
  const steps = known
    ? project.steps.map((s) => (s.id === stepId ? change(s) : s))
    : [...project.steps, change(missing as StepView)];
  const projects = state.projects.map((p) => (p === project ? { ...p, steps } : p));
  const done = steps.every((s) => isTerminal(s.state)) && !state.completed.includes(projectId);
  return { ...state, projects, completed: done ? [...state.completed, projectId] : state.completed };
}

/** What an endpoint wait reports once Atlas no longer lists the endpoint: the row goes, as in `status`. */
const GONE = 'GONE';

function recordEndpoint(state: RunState, projectId: string, stepId: string, status: string, at: number): RunState {
  const step = findStep(state, projectId, stepId);
  // Only the endpoint waits poll Atlas's endpoint list; the approval step waits on Azure's connection state.
  if (!step || !ENDPOINT_WAITS.has(step.kind)) return state;
  const region = step.target;
  return {
    ...state,
    projects: state.projects.map((p) => {
      if (p.projectId !== projectId) return p;
      const known = p.endpoints.find((e) => e.region === region);
      if (status === GONE) return { ...p, endpoints: p.endpoints.filter((e) => e.region !== region) };
      const since = known?.status === status ? known.since : at;
      const endpoints = known
        ? p.endpoints.map((e) => (e.region === region ? { region, status, since } : e))
        : [...p.endpoints, { region, status, since }];
      return { ...p, endpoints };
    }),
  };
}
