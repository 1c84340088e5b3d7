import type { LiveCluster, LiveEndpoint } from '@atlas-cmk/core';
import type { Step } from '@atlas-cmk/planner';
import type { AtlasClient } from '../atlas/client.js';
import type { ArmClient } from '../azure/arm-client.js';
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
