import type { Plan, ProjectPlan, Step } from '@atlas-cmk/planner';
import type { AtlasClient } from '../atlas/client.js';
import type { ArmClient } from '../azure/arm-client.js';
import type { KeyVaultKeys } from '../azure/key-vault-keys.js';
import type { RunEvent } from '../events.js';
import { keyVerifyingSteps } from './key-verifying-steps.js';
import { resolveApplyOptions, type ApplyOptions } from './options.js';
import { createProjectPollers } from './project-pollers.js';
import type { ResolveSecret } from './resolve-secrets.js';
import { nextAction, runFailure, summarizeRun, type RunFailure, type RunOutcome } from './run-outcome.js';
import { runStep } from './run-step.js';
import { refuseStalePlan } from './stale-projects.js';
import { createStepContext, type ProjectPollers } from './step-context.js';
import { toStepErrorInfo } from './step-error.js';
import { walkDag, type DagNode, type NodeState } from './walk-dag.js';

/** The edges {@link executePlan} talks through; tests point the clients at the simulator on loopback. */
export interface ApplyDeps {
  atlas: AtlasClient;
  /** Needed only by `approval: azure` steps; without it they fail with what to configure. */
  arm?: ArmClient;
  /** Needed only by `key.enable` steps (Key Vault "Update Key"); without it they fail with what to configure. */
  keys?: KeyVaultKeys;
  /** Turns the plan's secret reference into its value at the moment of sending; the value is never logged. */
  resolveSecret: ResolveSecret;
  emit(event: RunEvent): void;
  /** Ctrl-C: no new step starts, requests and waits in flight stop, the outcome is `interrupted`. */
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  options?: ApplyOptions;
}

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
  deps.emit({ kind: 'run.started', at: at(), projects: plan.projects.map(projectSummary) });

  const failures: RunFailure[] = [];
  const finish = (states: ReadonlyMap<string, NodeState>): RunOutcome => {
    const outcome = summarizeRun(states, failures, deps.signal.aborted);
    const next = nextAction(outcome.outcome);
    deps.emit({
      kind: 'run.finished',
      at: at(),
      outcome: outcome.outcome,
      elapsedMs: deps.now() - runStartedAt,
      counts: outcome.counts,
      ...(next === undefined ? {} : { next }),
    });
    return outcome;
  };
  const untouched = (): Map<string, NodeState> => new Map(nodes.map((n) => [n.key, { kind: 'pending' }]));

  if (options.fingerprintCheck) {
    try {
      failures.push(...(await refuseStalePlan(plan, deps.atlas, deps.signal)));
    } catch {
      // Only cancellation gets here: nothing ran.
      return finish(untouched());
    }
    if (failures.length > 0) return finish(untouched());
  }

  const pollers = new Map<string, ProjectPollers>();
  const pollersOf = (projectId: string): ProjectPollers => {
    const created = pollers.get(projectId) ?? createProjectPollers(deps.atlas, projectId, { ...deps, options });
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
        reason: `skipped because ${because.slice(node.project.projectId.length + 1)} failed`,
      }),
    run: async (node) => {
      const { projectId } = node.project;
      const { step } = node;
      const ctx = createStepContext(deps, projectId, step, {
        pollers: pollersOf(projectId),
        options,
        verifiesKey: verifying.has(node.key),
      });
      const { id: stepId, kind: stepKind, target, description } = step;
      deps.emit({ kind: 'step.started', at: at(), projectId, stepId, stepKind, target, description });
      try {
        const message = await runStep(ctx);
        deps.emit({
          kind: 'step.succeeded',
          at: at(),
          projectId,
          stepId,
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
          stepId,
          elapsedMs: deps.now() - ctx.startedAt,
          error: info,
        });
        failures.push(runFailure(projectId, stepId, info));
        return 'failed';
      }
    },
  });
  return finish(states);
}

/** Nodes keyed `projectId/stepId`: step ids are unique only within their project. */
function toNodes(plan: Plan): StepNode[] {
  return plan.projects.flatMap((project) =>
    project.steps.map((step) => ({
      key: `${project.projectId}/${step.id}`,
      dependsOn: step.dependsOn.map((dep) => `${project.projectId}/${dep}`),
      project,
      step,
    })),
  );
}

function projectSummary(p: ProjectPlan): Extract<RunEvent, { kind: 'run.started' }>['projects'][number] {
  return {
    projectId: p.projectId,
    name: p.name,
    steps: p.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      target: s.target,
      description: s.description,
      dependsOn: s.dependsOn,
    })),
  };
}
