import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DesiredCluster, LiveEndpoint, LoadedDocument, ProjectEncryption } from '@atlas-cmk/core';
import {
  parseFixture,
  startSimulator,
  type FaultPlan,
  type RunningSim,
  type SimFixture,
  type SimRequestLogEntry,
} from '@atlas-cmk/atlas-sim';
import { plan, type Plan } from '@atlas-cmk/planner';
import {
  createArmClient,
  createAtlasClient,
  isLiveReadFailure,
  readLiveState,
  type ArmClient,
  type AtlasClient,
} from '../src/index.js';
import { executePlan, type ApplyOptions, type RunOutcome } from '../src/apply/index.js';
import type { RunEvent } from '../src/events.js';

/** The world of examples/sim-fixture.yaml: project payments-prod with clusters orders and analytics. */
export const fixturePath = fileURLToPath(new URL('../../../examples/sim-fixture.yaml', import.meta.url));
export const PROJECT = '66c9e8f1dd6c9960802420e9';
/** The Azure app's client secret: the canary that must never appear in an event. */
export const AZURE_SECRET = 'sim-azure-client-secret-value';
const SECRET_REF = '${env:AZURE_CLIENT_SECRET}';
const KEY = 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f';
export const VAULT = {
  subscriptionId: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  resourceGroupName: 'rg-payments',
  vaultName: 'kv-payments',
};
const APP = { tenantId: '1f6ef922-9303-402a-bae2-cc68810b023c', clientId: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6' };

/** What a desired document says, in a few knobs. */
export interface Want {
  enabled?: boolean;
  regions?: string[];
  approval?: 'manual' | 'azure';
  clusters?: DesiredCluster[];
  keyIdentifier?: string;
}

/** A loaded `ProjectEncryption` document for the payments project. */
export function desired(want: Want): LoadedDocument {
  const regions = want.regions ?? [];
  const project: ProjectEncryption = {
    apiVersion: 'atlas-cmk/v1',
    kind: 'ProjectEncryption',
    metadata: { name: 'payments-prod' },
    spec: {
      projectId: PROJECT,
      azureKeyVault: {
        enabled: want.enabled ?? true,
        azureEnvironment: 'AZURE',
        clientID: APP.clientId,
        tenantID: APP.tenantId,
        secret: { kind: 'env', name: 'AZURE_CLIENT_SECRET', raw: SECRET_REF },
        subscriptionID: VAULT.subscriptionId,
        resourceGroupName: VAULT.resourceGroupName,
        keyVaultName: VAULT.vaultName,
        keyIdentifier: want.keyIdentifier ?? KEY,
        requirePrivateNetworking: regions.length > 0,
      },
      privateEndpoints: { regions, approval: want.approval ?? 'azure' },
      clusters: want.clusters ?? [],
      waivers: [],
    },
  };
  return { file: 'payments.yaml', index: 0, project, locate: () => ({ file: 'payments.yaml', line: 1, column: 1 }) };
}

/**
 * A simulator on loopback with a manual clock, real Atlas and ARM clients pointed at it, and an apply
 * whose `sleep` moves both the run's clock and the simulator's: waits take no real time.
 */
export interface ApplyWorld {
  sim: RunningSim;
  atlas: AtlasClient;
  arm: ArmClient;
  events: RunEvent[];
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Reads live state and plans `want` against it; throws when the planner reports an error. */
  planFor(want: Want): Promise<Plan>;
  apply(
    planned: Plan,
    extra?: { signal?: AbortSignal; options?: ApplyOptions; arm?: ArmClient | undefined },
  ): Promise<RunOutcome>;
  endpoints(): Promise<LiveEndpoint[]>;
  /** Atlas requests the simulator served, by operation id. */
  calls(operationId: string): SimRequestLogEntry[];
  /** Called on every sleep of the run, after time moved (e.g. to act like a person approving). */
  onSleep(hook: (() => Promise<void>) | undefined): void;
  close(): Promise<void>;
}

/** How to start an {@link ApplyWorld}; every field is optional. */
export interface WorldOptions {
  faults?: FaultPlan;
  /** Time for one Atlas request attempt (the client's default is 30 s). */
  atlasTimeoutMs?: number;
  /** Changes to the example fixture. */
  fixture?: (fixture: SimFixture) => SimFixture;
}

export async function startApplyWorld(world: WorldOptions = {}): Promise<ApplyWorld> {
  const example = parseFixture(readFileSync(fixturePath, 'utf8'), fixturePath);
  const fixture = world.fixture ? world.fixture(example) : example;
  const { faults, atlasTimeoutMs } = world;
  const sim = await startSimulator({
    fixture,
    manualClock: true,
    validateResponses: true,
    ...(faults ? { faults } : {}),
  });
  const fast = {
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...(atlasTimeoutMs ? { requestTimeoutMs: atlasTimeoutMs } : {}),
  };
  const atlas = createAtlasClient(
    {
      baseUrl: sim.urls.atlas,
      credentials: {
        kind: 'serviceAccount',
        clientId: 'mdb_sa_id_66c9e8f1dd6c9960802420d5',
        clientSecret: 'mdb_sa_sk_sim_0123456789abcdef0123456789abcdef',
      },
    },
    fast,
  );
  const arm = createArmClient(
    {
      ...APP,
      clientSecret: AZURE_SECRET,
      // Entra ID over HTTPS, so tokens come through @azure/identity (MSAL refuses a plain-http authority).
      authorityHost: sim.urls.loginHttps,
      extraCaFile: sim.caCertificatePath,
      armUrl: sim.urls.arm,
      armScope: 'https://management.azure.com/.default',
    },
    { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  );
  const events: RunEvent[] = [];
  const clock = { t: Date.parse('2026-11-28T12:00:00Z'), hook: undefined as (() => Promise<void>) | undefined };
  const now = (): number => clock.t;
  const sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) throw signal.reason;
    clock.t += ms;
    await sim.advance(ms / 1000);
    await clock.hook?.();
    if (signal.aborted) throw signal.reason;
  };
  const resolveSecret = (ref: string): string => {
    if (ref !== SECRET_REF) throw new Error(`unknown reference ${ref}`);
    return AZURE_SECRET;
  };
  return {
    sim,
    atlas,
    arm,
    events,
    now,
    sleep,
    async planFor(want) {
      const live = await readLiveState(atlas, [PROJECT]);
      const state = live.get(PROJECT);
      if (!state || isLiveReadFailure(state)) throw new Error(`live state of ${PROJECT} unreadable`);
      const result = plan({ documents: [desired(want)], live: new Map([[PROJECT, state]]) });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
      return result.plan;
    },
    apply: (planned, extra = {}) =>
      executePlan(planned, {
        atlas,
        ...(extra.arm === undefined && 'arm' in extra ? {} : { arm: extra.arm ?? arm }),
        resolveSecret,
        emit: (e) => events.push(e),
        signal: extra.signal ?? new AbortController().signal,
        now,
        sleep,
        ...(extra.options ? { options: extra.options } : {}),
      }),
    endpoints: async () => (await atlas.listEarPrivateEndpoints(PROJECT, 'AZURE')).results,
    calls: (operationId) => sim.requestLog().filter((r) => r.operationId === operationId),
    onSleep: (hook) => {
      clock.hook = hook;
    },
    close: () => sim.close(),
  };
}

/** Waits real time: for tests where something must happen outside the simulated clock. */
export function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The events of one kind, typed. */
export function eventsOf<K extends RunEvent['kind']>(
  events: readonly RunEvent[],
  kind: K,
): Extract<RunEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<RunEvent, { kind: K }> => e.kind === kind);
}
