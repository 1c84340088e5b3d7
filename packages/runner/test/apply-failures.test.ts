import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_SECRET, eventsOf, startApplyWorld, type ApplyWorld } from './apply-harness.js';

const MISSING_KEY = 'https://kv-payments.vault.azure.net/keys/atlas/ffffffffffffffffffffffffffffffff';

describe('executePlan against the simulator: failures', () => {
  let world: ApplyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('skips every dependent of a failed step and reports only the root cause with its errorCode and hint', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({
      regions: ['US_CENTRAL'],
      keyIdentifier: MISSING_KEY,
      clusters: [{ name: 'orders', encryptionAtRest: true }],
    });
    const steps = planned.projects[0]?.steps ?? [];
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('failed');
    expect(outcome.counts).toEqual({ succeeded: 0, failed: 1, skipped: steps.length - 1, pending: 0 });
    expect(outcome.failures).toEqual([
      {
        stepId: 'ear.enable',
        projectId: steps[0]?.target,
        message: expect.stringContaining('HTTP 400 AZURE_KEY_VAULT_KEY_NOT_FOUND'),
        errorCode: 'AZURE_KEY_VAULT_KEY_NOT_FOUND',
        hint: expect.stringContaining('Check keyIdentifier'),
      },
    ]);
    const failed = eventsOf(w.events, 'step.failed');
    expect(failed.map((e) => [e.stepId, e.error.status, e.error.errorCode])).toEqual([
      ['ear.enable', 400, 'AZURE_KEY_VAULT_KEY_NOT_FOUND'],
    ]);
    const reasons = new Set(eventsOf(w.events, 'step.skipped').map((e) => e.reason));
    expect(reasons).toEqual(new Set(['skipped because ear.enable failed']));
    expect(eventsOf(w.events, 'run.finished')[0]?.next).toMatch(
      /^Fix the causes above, then run `atlas-cmk apply` again/,
    );
    // Nothing after the failed step reached Atlas.
    expect(w.calls('createGroupEncryptionAtRestPrivateEndpoint')).toEqual([]);
    expect(JSON.stringify(w.events)).not.toContain(AZURE_SECRET);
  });

  it('ends the wait of an endpoint that FAILED with its errorMessage; the other region still converges', async () => {
    const w = (world = await startApplyWorld({
      faults: { rules: [{ kind: 'endpointFail', rate: 1, times: 1 }] },
    }));
    const planned = await w.planFor({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], approval: 'azure' });
    const outcome = await w.apply(planned);

    const endpoints = await w.endpoints();
    const failedEndpoint = endpoints.find((e) => e.status === 'FAILED');
    const region = failedEndpoint?.regionName ?? 'none';
    const other = region === 'US_CENTRAL' ? 'EUROPE_NORTH' : 'US_CENTRAL';
    expect(endpoints.find((e) => e.regionName === other)?.status).toBe('ACTIVE');
    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      {
        stepId: `endpoint.waitPendingAcceptance:${region}`,
        projectId: expect.any(String),
        message: `The endpoint ${failedEndpoint?.id} in ${region} FAILED: ${failedEndpoint?.errorMessage}.`,
        hint: 'Run atlas-cmk plan: it replaces a FAILED endpoint (delete, then create again).',
      },
    ]);
    expect(failedEndpoint?.errorMessage).toEqual(expect.any(String));
    expect(eventsOf(w.events, 'step.skipped').map((e) => e.stepId)).toEqual([
      `endpoint.approve:${region}`,
      `endpoint.waitActive:${region}`,
    ]);
  });
});
