import type { LiveCluster, LiveEndpoint } from '@atlas-cmk/core';
import type { Step } from '@atlas-cmk/planner';
import type { AtlasClient } from '../atlas/client.js';
import type { ArmClient } from '../azure/arm-client.js';
import type { KeyVaultKeys } from '../azure/key-vault-keys.js';
import type { RunEvent } from '../events.js';
import type { ResolvedApplyOptions } from './options.js';
import type { ResolveSecret } from './resolve-secrets.js';
import type { SharedPoller } from './shared-poller.js';

/** The pollers of one project: one endpoint listing and one cluster listing per tick, whoever waits. */
export interface ProjectPollers {
  endpoints: SharedPoller<LiveEndpoint[]>;
  clusters: SharedPoller<LiveCluster[]>;
}

/** Everything a step handler may use. Handlers throw `StepError` (or a client error) to fail. */
export interface StepContext<S extends Step = Step> {
  projectId: string;
  step: S;
  atlas: AtlasClient;
  arm: ArmClient | undefined;
  keys: KeyVaultKeys | undefined;
  resolveSecret: ResolveSecret;
  pollers: ProjectPollers;
  options: ResolvedApplyOptions;
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** When the step started (of `now()`). */
  startedAt: number;
  /** True for the project's last EAR change that leaves CMK enabled: Atlas must then report `valid: true`. */
  verifiesKey: boolean;
  waiting(until: string, observed: string, deadlineMs: number): void;
  actionRequired(instruction: string, command: string): void;
  retrying(attempt: number, delayMs: number, reason: string): void;
}

/** The run-wide edges a step context is made from. */
export interface StepEdges {
  atlas: AtlasClient;
  arm?: ArmClient | undefined;
  keys?: KeyVaultKeys | undefined;
  resolveSecret: ResolveSecret;
  emit(event: RunEvent): void;
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** A step's context: the run's edges plus event helpers stamped with the step's project, id and start. */
export function createStepContext(
  edges: StepEdges,
  projectId: string,
  step: Step,
  extra: { pollers: ProjectPollers; options: ResolvedApplyOptions; verifiesKey: boolean },
): StepContext {
  const stepId = step.id;
  const startedAt = edges.now();
  const at = (): string => new Date(edges.now()).toISOString();
  return {
    projectId,
    step,
    atlas: edges.atlas,
    arm: edges.arm,
    keys: edges.keys,
    resolveSecret: edges.resolveSecret,
    ...extra,
    signal: edges.signal,
    now: edges.now,
    sleep: edges.sleep,
    startedAt,
    waiting: (until, observed, deadlineMs) =>
      edges.emit({
        kind: 'step.waiting',
        at: at(),
        projectId,
        stepId,
        until,
        observed,
        elapsedMs: edges.now() - startedAt,
        deadlineMs,
      }),
    actionRequired: (instruction, command) =>
      edges.emit({ kind: 'step.actionRequired', at: at(), projectId, stepId, instruction, command }),
    retrying: (attempt, delayMs, reason) =>
      edges.emit({ kind: 'step.retrying', at: at(), projectId, stepId, attempt, delayMs, reason }),
  };
}
