import type { StepKind } from '@atlas-cmk/planner';
import type { RunEvent, StepSummary } from '@atlas-cmk/runner';

/** One scripted event and when it happens, in milliseconds after the run started. */
export interface ScriptedEvent {
  offsetMs: number;
  event: RunEvent;
}

export const PAYMENTS = { projectId: '66c9e8f1dd6c9960802420e9', name: 'payments-prod' } as const;
export const ANALYTICS = { projectId: '671a0b2c3d4e5f6a7b8c9d0e', name: 'analytics' } as const;
export const APPROVE_COMMAND =
  'az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments ' +
  '--name kv-payments.pe-us-central-8f3a --description "Approved for MongoDB Atlas encryption at rest"';

function step(id: string, kind: StepKind, target: string, description: string, dependsOn: string[] = []): StepSummary {
  return { id, kind, target, description, dependsOn };
}

const PAYMENT_STEPS: StepSummary[] = [
  step('ear', 'ear.enable', PAYMENTS.projectId, 'Enable CMK on the project'),
  step('pn', 'ear.requirePrivateNetworking', PAYMENTS.projectId, 'Require private networking', ['ear']),
  step('c-us', 'endpoint.create', 'US_CENTRAL', 'Create endpoint US_CENTRAL', ['pn']),
  step('pa-us', 'endpoint.waitPendingAcceptance', 'US_CENTRAL', 'Wait for endpoint US_CENTRAL to reach Azure', [
    'c-us',
  ]),
  step('ap-us', 'endpoint.approve', 'US_CENTRAL', 'Approve endpoint US_CENTRAL in Azure', ['pa-us']),
  step('wa-us', 'endpoint.waitActive', 'US_CENTRAL', 'Wait for endpoint US_CENTRAL to be ACTIVE', ['ap-us']),
  step('c-eu', 'endpoint.create', 'EUROPE_NORTH', 'Create endpoint EUROPE_NORTH', ['pn']),
  step('wa-eu', 'endpoint.waitActive', 'EUROPE_NORTH', 'Wait for endpoint EUROPE_NORTH to be ACTIVE', ['c-eu']),
  step('cl', 'cluster.enableCmk', 'orders', 'Enable CMK on cluster orders', ['wa-us', 'wa-eu']),
];

const ANALYTICS_STEPS: StepSummary[] = [
  step('ear', 'ear.enable', ANALYTICS.projectId, 'Enable CMK on the project'),
  step('c-us2', 'endpoint.create', 'US_EAST_2', 'Create endpoint US_EAST_2', ['ear']),
  step('wa-us2', 'endpoint.waitActive', 'US_EAST_2', 'Wait for endpoint US_EAST_2 to be ACTIVE', ['c-us2']),
  step('cl', 'cluster.enableCmk', 'events', 'Enable CMK on cluster events', ['wa-us2']),
  step('idle', 'cluster.waitIdle', 'events', 'Wait for cluster events to be IDLE', ['cl']),
];

/**
 * A realistic apply of two projects, for the renderers' tests and for watching the view in a terminal:
 * payments-prod creates endpoints in two regions, one needs a manual approval, and ends converged; analytics
 * fails to enable CMK on a cluster, so the wait after it is skipped. `base` is the epoch time of `run.started`.
 */
export function scriptedRun(base: number): ScriptedEvent[] {
  const p = PAYMENTS.projectId;
  const a = ANALYTICS.projectId;
  const at = (ms: number) => new Date(base + ms).toISOString();
  const script: [number, (iso: string) => RunEvent][] = [
    [
      0,
      (iso) => ({
        kind: 'run.started',
        at: iso,
        projects: [
          { ...PAYMENTS, steps: PAYMENT_STEPS },
          { ...ANALYTICS, steps: ANALYTICS_STEPS },
        ],
      }),
    ],
    ...started(p, PAYMENT_STEPS[0], 100),
    ...started(a, ANALYTICS_STEPS[0], 100),
    [
      1_600,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'ear',
        elapsedMs: 1_500,
        message: 'CMK enabled on the project',
      }),
    ],
    [
      1_900,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: a,
        stepId: 'ear',
        elapsedMs: 1_800,
        message: 'CMK enabled on the project',
      }),
    ],
    ...started(p, PAYMENT_STEPS[1], 1_700),
    ...started(a, ANALYTICS_STEPS[1], 2_000),
    [
      2_900,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'pn',
        elapsedMs: 1_200,
        message: 'Private networking required',
      }),
    ],
    [
      3_000,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: a,
        stepId: 'c-us2',
        elapsedMs: 1_000,
        message: 'Endpoint US_EAST_2 created',
      }),
    ],
    ...started(a, ANALYTICS_STEPS[2], 3_100),
    ...started(p, PAYMENT_STEPS[2], 3_000),
    ...started(p, PAYMENT_STEPS[6], 3_000),
    [
      3_800,
      (iso) => ({
        kind: 'step.retrying',
        at: iso,
        projectId: p,
        stepId: 'c-eu',
        attempt: 2,
        delayMs: 2_000,
        reason: 'HTTP 503 from Atlas',
      }),
    ],
    [
      4_000,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'c-us',
        elapsedMs: 1_000,
        message: 'Endpoint US_CENTRAL created',
      }),
    ],
    ...started(p, PAYMENT_STEPS[3], 4_100),
    [5_000, (iso) => waiting(iso, a, 'wa-us2', 'INITIATING', 'ACTIVE', 1_900)],
    [6_000, (iso) => waiting(iso, p, 'pa-us', 'INITIATING', 'PENDING_ACCEPTANCE or ACTIVE', 1_900)],
    // As the runner does, the poll that ends a wait is reported before the step succeeds.
    [8_950, (iso) => waiting(iso, p, 'pa-us', 'PENDING_ACCEPTANCE', 'PENDING_ACCEPTANCE or ACTIVE', 4_850)],
    [
      6_200,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'c-eu',
        elapsedMs: 3_200,
        message: 'Endpoint EUROPE_NORTH created',
      }),
    ],
    ...started(p, PAYMENT_STEPS[7], 6_300),
    [7_000, (iso) => waiting(iso, p, 'wa-eu', 'INITIATING', 'ACTIVE', 700)],
    [8_000, (iso) => waiting(iso, a, 'wa-us2', 'PENDING_ACCEPTANCE', 'ACTIVE', 4_900)],
    [
      9_000,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'pa-us',
        elapsedMs: 4_900,
        message: 'Endpoint US_CENTRAL is waiting for approval',
      }),
    ],
    ...started(p, PAYMENT_STEPS[4], 9_100),
    [
      9_200,
      (iso) => ({
        kind: 'step.actionRequired',
        at: iso,
        projectId: p,
        stepId: 'ap-us',
        instruction: 'Approve the private endpoint connection of kv-payments for US_CENTRAL in Azure',
        command: APPROVE_COMMAND,
      }),
    ],
    [11_000, (iso) => waiting(iso, a, 'wa-us2', 'ACTIVE', 'ACTIVE', 7_900)],
    [
      11_100,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: a,
        stepId: 'wa-us2',
        elapsedMs: 8_000,
        message: 'Endpoint US_EAST_2 ACTIVE',
      }),
    ],
    ...started(a, ANALYTICS_STEPS[3], 11_200),
    [
      12_000,
      (iso) => ({
        kind: 'step.failed',
        at: iso,
        projectId: a,
        stepId: 'cl',
        elapsedMs: 800,
        error: {
          message: 'Atlas refused to enable CMK on cluster events',
          errorCode: 'INSUFFICIENT_INSTANCE_SIZE',
          status: 400,
          hint: 'Scale cluster events to M10 or larger, or remove it from the file, then run atlas-cmk apply again.',
        },
      }),
    ],
    [
      12_000,
      (iso) => ({
        kind: 'step.skipped',
        at: iso,
        projectId: a,
        stepId: 'idle',
        reason: 'Enable CMK on cluster events failed',
      }),
    ],
    [13_000, (iso) => waiting(iso, p, 'wa-eu', 'PENDING_ACCEPTANCE', 'ACTIVE', 6_700)],
    [18_000, (iso) => waiting(iso, p, 'ap-us', 'PENDING_ACCEPTANCE', 'Approved', 8_900)],
    [
      21_000,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'ap-us',
        elapsedMs: 11_900,
        message: 'Endpoint US_CENTRAL approved',
      }),
    ],
    ...started(p, PAYMENT_STEPS[5], 21_100),
    [22_000, (iso) => waiting(iso, p, 'wa-eu', 'ACTIVE', 'ACTIVE', 15_700)],
    [
      22_100,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'wa-eu',
        elapsedMs: 15_800,
        message: 'Endpoint EUROPE_NORTH ACTIVE',
      }),
    ],
    [24_000, (iso) => waiting(iso, p, 'wa-us', 'PENDING_ACCEPTANCE', 'ACTIVE', 2_900)],
    [26_900, (iso) => waiting(iso, p, 'wa-us', 'ACTIVE', 'ACTIVE', 5_800)],
    [
      27_000,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'wa-us',
        elapsedMs: 5_900,
        message: 'Endpoint US_CENTRAL ACTIVE',
      }),
    ],
    ...started(p, PAYMENT_STEPS[8], 27_100),
    [
      29_000,
      (iso) => ({
        kind: 'step.succeeded',
        at: iso,
        projectId: p,
        stepId: 'cl',
        elapsedMs: 1_900,
        message: 'CMK enabled on cluster orders',
      }),
    ],
    [
      29_100,
      (iso) => ({
        kind: 'run.finished',
        at: iso,
        outcome: 'failed',
        elapsedMs: 29_100,
        counts: { succeeded: 12, failed: 1, skipped: 1, pending: 0 },
        next: 'Scale cluster events to M10 or larger, then run atlas-cmk apply again.',
      }),
    ],
  ];
  return script
    .map(([offsetMs, make]) => ({ offsetMs, event: make(at(offsetMs)) }))
    .sort((x, y) => x.offsetMs - y.offsetMs);
}

function started(
  projectId: string,
  s: StepSummary | undefined,
  offsetMs: number,
): [number, (iso: string) => RunEvent][] {
  if (!s) return [];
  return [
    [
      offsetMs,
      (iso) => ({
        kind: 'step.started',
        at: iso,
        projectId,
        stepId: s.id,
        stepKind: s.kind,
        target: s.target,
        description: s.description,
      }),
    ],
  ];
}

function waiting(
  iso: string,
  projectId: string,
  stepId: string,
  observed: string,
  until: string,
  elapsedMs: number,
): RunEvent {
  return { kind: 'step.waiting', at: iso, projectId, stepId, until, observed, elapsedMs, deadlineMs: 1_800_000 };
}
