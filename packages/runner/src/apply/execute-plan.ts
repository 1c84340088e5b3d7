import type { EarStep, Plan, ProjectPlan, Step } from '@atlas-cmk/planner';
import type { AtlasClient } from '../atlas/client.js';
import type { ArmClient } from '../azure/arm-client.js';
import type { RunEvent } from '../events.js';
import { resolveApplyOptions, type ApplyOptions, type ResolvedApplyOptions } from './options.js';
import { createProjectPollers } from './project-pollers.js';
import type { ResolveSecret } from './resolve-secrets.js';
import { runStep } from './run-step.js';
import { findStaleProjects } from './stale-projects.js';
import type { ProjectPollers, StepContext } from './step-context.js';
import { toStepErrorInfo } from './step-error.js';
import { walkDag, type DagNode, type NodeState } from './walk-dag.js';

/** The edges {@link executePlan} talks through; tests point the clients at the simulator on loopback. */
export interface ApplyDeps {
  atlas: AtlasClient;
  /** Needed only by `approval: azure` steps; without it they fail with what to configure. */
  arm?: ArmClient;
  /** Turns the plan's secret reference into its value at the moment of sending; the value is never logged. */
  resolveSecret: ResolveSecret;
  emit(event: RunEvent): void;
  /** Ctrl-C: no new step starts, requests and waits in flight stop, the outcome is `interrupted`. */
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  options?: ApplyOptions;
}

/** A root cause of a failed run (skipped dependents are not repeated here). */
export interface RunFailure {
  stepId: string;
  projectId: string;
  message: string;
  errorCode?: string;
  hint?: string;
}

/** What an apply ended with. `counts.pending` includes steps interrupted while running. */
export interface RunOutcome {
  outcome: 'converged' | 'failed' | 'interrupted';
  counts: { succeeded: number; failed: number; skipped: number; pending: number };
  failures: RunFailure[];
}

/** What `run.finished.next` says after an interrupted run. */
export const CONTINUE_AFTER_INTERRUPT =
  'Run `atlas-cmk apply` again to continue: it re-reads live state and picks up where this run stopped.';

const CONTINUE_AFTER_FAILURE =
  'Fix the causes above, then run `atlas-cmk apply` again: it re-reads live state and continues from there.';

interface StepNode extends DagNode {
  project: ProjectPlan;
  step: Step;
}

/**
 * Execute a plan's steps and nothing else: a DAG walk across all projects with a concurrency limit, one
 * handler per step kind, waits served by one shared poll per project. A failed step skips its
 * dependents; only root causes are reported. Never throws for an Atlas or Azure problem: every outcome
 * is reported as events and in the returned {@link RunOutcome}. No event carries a secret.
 */
export async function executePlan(plan: Plan, deps: ApplyDeps): Promise<RunOutcome> {
  const options = resolveApplyOptions(deps.options);
  const runStartedAt = deps.now();
  const at = (): string => new Date(deps.now()).toISOString();
  const nodes = toNodes(plan);
  deps.emit({
    kind: 'run.started',
    at: at(),
    projects: plan.projects.map((p) => ({
      projectId: p.projectId,
      name: p.name,
      steps: p.steps.map((s) => ({
        id: s.id,
        kind: s.kind,
        target: s.target,
        description: s.description,
        dependsOn: s.dependsOn,
      })),
    })),
  });

  const failures: RunFailure[] = [];
  const finish = (states: ReadonlyMap<string, NodeState>): RunOutcome => {
    const outcome = summarize(states, failures, deps.signal.aborted);
    deps.emit({
      kind: 'run.finished',
      at: at(),
      outcome: outcome.outcome,
      elapsedMs: deps.now() - runStartedAt,
      counts: outcome.counts,
      ...(outcome.outcome === 'converged'
        ? {}
        : { next: outcome.outcome === 'interrupted' ? CONTINUE_AFTER_INTERRUPT : CONTINUE_AFTER_FAILURE }),
    });
    return outcome;
  };

  if (options.fingerprintCheck) {
    const refused = await checkFingerprints(plan, deps, failures);
    if (refused) return finish(new Map(nodes.map((n) => [n.key, { kind: 'pending' } as const])));
  }

  const pollers = new Map<string, ProjectPollers>();
  const pollersOf = (projectId: string): ProjectPollers => {
    const existing = pollers.get(projectId);
    if (existing) return existing;
    const created = createProjectPollers(deps.atlas, projectId, { ...deps, options });
    pollers.set(projectId, created);
    return created;
  };
  const verifying = keyVerifyingSteps(plan);

  const states = await walkDag(nodes, {
    concurrency: options.concurrency,
    signal: deps.signal,
    onSkip: (node, because) =>
      deps.emit({
        kind: 'step.skipped',
        at: at(),
        projectId: node.project.projectId,
        stepId: node.step.id,
        reason: `skipped because ${stepIdOf(because, node.project.projectId)} failed`,
      }),
    run: async (node) => {
      const { projectId } = node.project;
      const { step } = node;
      const ctx = stepContext(node, deps, options, pollersOf(projectId), verifying.has(node.key), at);
      deps.emit({
        kind: 'step.started',
        at: at(),
        projectId,
        stepId: step.id,
        stepKind: step.kind,
        target: step.target,
        description: step.description,
      });
      try {
        const message = await runStep(ctx);
        deps.emit({
          kind: 'step.succeeded',
          at: at(),
          projectId,
          stepId: step.id,
          elapsedMs: deps.now() - ctx.startedAt,
          message,
        });
        return 'succeeded';
      } catch (error) {
        if (deps.signal.aborted) return 'interrupted';
        const info = toStepErrorInfo(error);
        deps.emit({
          kind: 'step.failed',
          at: at(),
          projectId,
          stepId: step.id,
          elapsedMs: deps.now() - ctx.startedAt,
          error: info,
        });
        failures.push({ stepId: step.id, projectId, message: info.message, ...pick(info) });
        return 'failed';
      }
    },
  });
  return finish(states);
}

function stepContext(
  node: StepNode,
  deps: ApplyDeps,
  options: ResolvedApplyOptions,
  pollers: ProjectPollers,
  verifiesKey: boolean,
  at: () => string,
): StepContext {
  const projectId = node.project.projectId;
  const stepId = node.step.id;
  const startedAt = deps.now();
  return {
    projectId,
    step: node.step,
    atlas: deps.atlas,
    arm: deps.arm,
    resolveSecret: deps.resolveSecret,
    pollers,
    options,
    signal: deps.signal,
    now: deps.now,
    sleep: deps.sleep,
    startedAt,
    verifiesKey,
    waiting: (until, observed, deadlineMs) =>
      deps.emit({
        kind: 'step.waiting',
        at: at(),
        projectId,
        stepId,
        until,
        observed,
        elapsedMs: deps.now() - startedAt,
        deadlineMs,
      }),
    actionRequired: (instruction, command) =>
      deps.emit({ kind: 'step.actionRequired', at: at(), projectId, stepId, instruction, command }),
    retrying: (attempt, delayMs, reason) =>
      deps.emit({ kind: 'step.retrying', at: at(), projectId, stepId, attempt, delayMs, reason }),
  };
}

function toNodes(plan: Plan): StepNode[] {
  return plan.projects.flatMap((project) =>
    project.steps.map((step) => ({
      key: nodeKey(project.projectId, step.id),
      dependsOn: step.dependsOn.map((dep) => nodeKey(project.projectId, dep)),
      project,
      step,
    })),
  );
}

const nodeKey = (projectId: string, stepId: string): string => `${projectId}/${stepId}`;
const stepIdOf = (key: string, projectId: string): string =>
  key.startsWith(`${projectId}/`) ? key.slice(projectId.length + 1) : key;

/**
 * Per project, the last EAR change in plan order when it leaves CMK enabled: after it, Atlas must report
 * `valid: true`. (Earlier changes are followed by later ones, so checking them would only slow the run.)
 */
function keyVerifyingSteps(plan: Plan): Set<string> {
  const keys = new Set<string>();
  for (const project of plan.projects) {
    const ear = project.steps.filter((s): s is EarStep => s.kind.startsWith('ear.'));
    const last = ear[ear.length - 1];
    if (last === undefined) continue;
    const vault = (last.request.body as { azureKeyVault?: { enabled?: unknown } } | undefined)?.azureKeyVault;
    if (vault?.enabled === true) keys.add(nodeKey(project.projectId, last.id));
  }
  return keys;
}

/** Refuses a stale plan: records one failure per changed project and returns true when any changed. */
async function checkFingerprints(plan: Plan, deps: ApplyDeps, failures: RunFailure[]): Promise<boolean> {
  let stale;
  try {
    stale = await findStaleProjects(plan, deps.atlas, deps.signal);
  } catch (error) {
    if (deps.signal.aborted) return true;
    const info = toStepErrorInfo(error);
    stale = plan.projects.map((p) => ({
      projectId: p.projectId,
      message: info.message,
      hint: 'Check the connection to Atlas, then apply again.',
    }));
  }
  for (const s of stale)
    failures.push({ stepId: 'plan.fingerprint', projectId: s.projectId, message: s.message, hint: s.hint });
  return stale.length > 0;
}

function summarize(states: ReadonlyMap<string, NodeState>, failures: RunFailure[], aborted: boolean): RunOutcome {
  const counts = { succeeded: 0, failed: 0, skipped: 0, pending: 0 };
  for (const state of states.values()) {
    switch (state.kind) {
      case 'succeeded':
      case 'failed':
      case 'skipped':
        counts[state.kind] += 1;
        break;
      case 'interrupted':
      case 'pending':
        counts.pending += 1;
        break;
      default: {
        const unreachable: never = state;
        return unreachable;
      }
    }
  }
  const outcome = aborted && counts.pending > 0 ? 'interrupted' : failures.length > 0 ? 'failed' : 'converged';
  return { outcome, counts, failures };
}

function pick(info: { errorCode?: string | undefined; hint?: string | undefined }): {
  errorCode?: string;
  hint?: string;
} {
  return {
    ...(info.errorCode === undefined ? {} : { errorCode: info.errorCode }),
    ...(info.hint === undefined ? {} : { hint: info.hint }),
  };
}
