import type { RunEvent } from '@atlas-cmk/runner';
import { describe, expect, it } from 'vitest';
import { activeWaits, runProgress, stepElapsedMs, viewNow } from './run-selectors.js';
import { initialRunState, reduceRun } from './run-state.js';
import type { RunState } from './run-view-types.js';
import { ANALYTICS, APPROVE_COMMAND, PAYMENTS, scriptedRun } from './scripted-run.js';

const BASE = Date.parse('2026-11-28T10:00:00.000Z');
const SCRIPT = scriptedRun(BASE);

/** The state after every scripted event up to and including `untilMs`. */
function stateAt(untilMs: number): RunState {
  return SCRIPT.filter((e) => e.offsetMs <= untilMs).reduce((s, e) => reduceRun(s, e.event), initialRunState());
}

function step(state: RunState, projectId: string, stepId: string) {
  const found = state.projects.find((p) => p.projectId === projectId)?.steps.find((s) => s.id === stepId);
  if (!found) throw new Error(`no step ${projectId}/${stepId}`);
  return found;
}

describe('reduceRun', () => {
  it('starts every step of every project as pending, in plan order', () => {
    const state = stateAt(0);
    expect(state.startedAt).toBe(BASE);
    expect(state.projects.map((p) => p.name)).toEqual(['payments-prod', 'analytics']);
    expect(state.projects[0]?.steps.map((s) => [s.id, s.state])).toEqual([
      ['ear', 'pending'],
      ['pn', 'pending'],
      ['c-us', 'pending'],
      ['pa-us', 'pending'],
      ['ap-us', 'pending'],
      ['wa-us', 'pending'],
      ['c-eu', 'pending'],
      ['wa-eu', 'pending'],
      ['cl', 'pending'],
    ]);
  });

  it('tracks a running step, its retries and its live elapsed time', () => {
    const state = stateAt(3_800);
    const create = step(state, PAYMENTS.projectId, 'c-eu');
    expect(create.state).toBe('running');
    expect(create.retries).toBe(1);
    expect(create.lastRetry).toEqual({ attempt: 2, delayMs: 2_000, reason: 'HTTP 503 from Atlas' });
    expect(stepElapsedMs(create, BASE + 5_000)).toBe(2_000);
  });

  it('records the observed Atlas status of a wait and of the endpoint in that region', () => {
    const state = stateAt(8_000);
    const wait = step(state, ANALYTICS.projectId, 'wa-us2');
    expect(wait.state).toBe('waiting');
    expect(wait.wait).toEqual({
      observed: 'PENDING_ACCEPTANCE',
      since: BASE + 8_000,
      until: 'ACTIVE',
      elapsedMs: 4_900,
      deadlineMs: 1_800_000,
    });
    expect(state.projects[1]?.endpoints).toEqual([
      { region: 'US_EAST_2', status: 'PENDING_ACCEPTANCE', since: BASE + 8_000 },
    ]);
    expect(state.projects[0]?.endpoints).toEqual([
      { region: 'US_CENTRAL', status: 'INITIATING', since: BASE + 6_000 },
      { region: 'EUROPE_NORTH', status: 'INITIATING', since: BASE + 7_000 },
    ]);
  });

  it('keeps a step waiting for a person while the runner polls for the approval', () => {
    const before = stateAt(9_200);
    expect(step(before, PAYMENTS.projectId, 'ap-us').state).toBe('actionRequired');
    expect(step(before, PAYMENTS.projectId, 'ap-us').action?.command).toBe(APPROVE_COMMAND);
    const polled = stateAt(18_000);
    expect(step(polled, PAYMENTS.projectId, 'ap-us').state).toBe('actionRequired');
    expect(activeWaits(polled).map((w) => w.step.id)).toEqual(['ap-us', 'wa-eu']);
    expect(step(stateAt(21_000), PAYMENTS.projectId, 'ap-us').state).toBe('succeeded');
  });

  it('gives an endpoint the status of its last poll and since when, never what its wait waits for', () => {
    const reached = stateAt(9_000);
    expect(step(reached, PAYMENTS.projectId, 'pa-us').wait?.until).toBe('PENDING_ACCEPTANCE or ACTIVE');
    expect(reached.projects[0]?.endpoints).toContainEqual({
      region: 'US_CENTRAL',
      status: 'PENDING_ACCEPTANCE',
      since: BASE + 8_950,
    });
    expect(stateAt(22_100).projects[0]?.endpoints).toContainEqual({
      region: 'EUROPE_NORTH',
      status: 'ACTIVE',
      since: BASE + 22_000,
    });
    // A wait that succeeds without a last poll (an older runner) leaves the status the last poll saw.
    const before = stateAt(8_000);
    const succeeded = reduceRun(before, {
      kind: 'step.succeeded',
      at: new Date(BASE + 8_500).toISOString(),
      projectId: PAYMENTS.projectId,
      stepId: 'pa-us',
      elapsedMs: 4_400,
      message: 'Endpoint US_CENTRAL is PENDING_ACCEPTANCE',
    });
    expect(succeeded.projects[0]?.endpoints.map((e) => e.status)).toEqual(['INITIATING', 'INITIATING']);
  });

  it('returns the same state for a poll that saw nothing new, so the view does not redraw', () => {
    const before = stateAt(13_000);
    const again = reduceRun(before, {
      kind: 'step.waiting',
      at: new Date(BASE + 14_000).toISOString(),
      projectId: PAYMENTS.projectId,
      stepId: 'wa-eu',
      until: 'ACTIVE',
      observed: 'PENDING_ACCEPTANCE',
      elapsedMs: 7_700,
      deadlineMs: 1_800_000,
    });
    expect(again).toBe(before);
  });

  it('takes endpoint statuses only from the endpoint waits, not from the Azure approval step', () => {
    // The approval step polls Azure's connection state (until "Approved"), which is no Atlas endpoint status.
    const state = stateAt(21_000);
    expect(step(state, PAYMENTS.projectId, 'ap-us').wait?.until).toBe('Approved');
    expect(state.projects[0]?.endpoints).toContainEqual({
      region: 'US_CENTRAL',
      status: 'PENDING_ACCEPTANCE',
      since: BASE + 8_950,
    });
  });

  it('keeps errors with code and hint, skip reasons, and completes a project once every step ended', () => {
    const state = stateAt(12_000);
    const failed = step(state, ANALYTICS.projectId, 'cl');
    expect(failed.state).toBe('failed');
    expect(failed.error).toEqual({
      message: 'Atlas refused to enable CMK on cluster events',
      errorCode: 'INSUFFICIENT_INSTANCE_SIZE',
      status: 400,
      hint: 'Scale cluster events to M10 or larger, or remove it from the file, then run atlas-cmk apply again.',
    });
    expect(step(state, ANALYTICS.projectId, 'idle')).toMatchObject({
      state: 'skipped',
      skipReason: 'Enable CMK on cluster events failed',
    });
    expect(state.completed).toEqual([ANALYTICS.projectId]);
    expect(runProgress(state)).toEqual({ total: 14, done: 10, active: 2, actionRequired: 1, failed: 1 });
  });

  it('records the outcome and stops the clock when the run finishes', () => {
    const state = stateAt(Infinity);
    expect(state.completed).toEqual([ANALYTICS.projectId, PAYMENTS.projectId]);
    expect(state.finished).toEqual({
      outcome: 'failed',
      at: BASE + 29_100,
      elapsedMs: 29_100,
      counts: { succeeded: 12, failed: 1, skipped: 1, pending: 0 },
      next: 'Scale cluster events to M10 or larger, then run atlas-cmk apply again.',
    });
    expect(viewNow(state, BASE + 99_000)).toBe(BASE + 29_100);
    expect(activeWaits(state)).toEqual([]);
  });

  it('does not mutate its input and ignores events for unknown projects', () => {
    const state = stateAt(3_000);
    const copy = structuredClone(state);
    const event: RunEvent = {
      kind: 'step.succeeded',
      at: new Date(BASE + 3_500).toISOString(),
      projectId: PAYMENTS.projectId,
      stepId: 'c-us',
      elapsedMs: 500,
      message: 'done',
    };
    const next = reduceRun(state, event);
    expect(state).toEqual(copy);
    expect(step(next, PAYMENTS.projectId, 'c-us').state).toBe('succeeded');
    expect(reduceRun(state, { ...event, projectId: 'ffffffffffffffffffffffff' })).toBe(state);
  });

  it('adds a started step the run did not announce instead of dropping it', () => {
    const next = reduceRun(stateAt(0), {
      kind: 'step.started',
      at: new Date(BASE + 100).toISOString(),
      projectId: ANALYTICS.projectId,
      stepId: 'extra',
      stepKind: 'cluster.waitIdle',
      target: 'events',
      description: 'Wait for cluster events',
    });
    expect(next.projects[1]?.steps.at(-1)).toMatchObject({ id: 'extra', state: 'running', startedAt: BASE + 100 });
  });
});
