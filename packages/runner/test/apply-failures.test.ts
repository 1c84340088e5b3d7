import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_SECRET, eventsOf, realDelay, startApplyWorld, VAULT, type ApplyWorld } from './apply-harness.js';

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

  it('fails clearly when Atlas accepts the settings but reports the key as not valid', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: [] });
    // The key loses its usability right after Atlas accepted the PATCH (the re-read is slow to arrive).
    w.sim.setFaults({
      rules: [{ match: { operationId: 'getGroupEncryptionAtRest' }, kind: 'latency', ms: 400, rate: 1 }],
    });
    const applying = w.apply(planned);
    while (!w.calls('updateGroupEncryptionAtRest').some((r) => r.status === 200)) await realDelay(10);
    const disabled = await fetch(
      `${w.sim.urls.control}/vaults/kv-payments/keys/atlas/versions/78b9134f9bc94fda8027a32b4715bf3f`,
      {
        method: 'PATCH',
        body: JSON.stringify({ enabled: false }),
      },
    );
    expect(disabled.status).toBe(200);
    const outcome = await applying;

    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      {
        stepId: 'ear.enable',
        projectId: expect.any(String),
        message: expect.stringMatching(/^Atlas accepted the settings but reports azureKeyVault\.valid: false/),
        hint: expect.stringContaining('GET, ENCRYPT and DECRYPT'),
      },
    ]);
    expect(JSON.stringify(w.events)).not.toContain(AZURE_SECRET);
  });

  it('explains PENDING_RECREATION when the connection is rejected in Azure instead of approved', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'manual' });
    let rejected = false;
    w.onSleep(async () => {
      const asked = eventsOf(w.events, 'step.actionRequired')[0];
      if (!asked || rejected) return;
      rejected = true;
      const name = /--name (\S+)/.exec(asked.command)?.[1] ?? '';
      await w.arm.setPrivateEndpointConnectionStatus(VAULT, name, 'Rejected', 'not this one');
    });
    const outcome = await w.apply(planned);

    expect(rejected).toBe(true);
    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      {
        stepId: 'endpoint.approve:US_CENTRAL',
        projectId: expect.any(String),
        message: expect.stringMatching(
          /^The endpoint \w+ in US_CENTRAL is PENDING_RECREATION: it was rejected or removed in Azure, and Atlas is recreating it\.$/,
        ),
        hint: 'Run atlas-cmk apply again (or wait) and approve the new endpoint when it reaches PENDING_ACCEPTANCE.',
      },
    ]);
  });

  it('reports an inactive organization under cmk/project-active instead of a raw HTTP error', async () => {
    const w = (world = await startApplyWorld({
      fixture: (f) => ({
        ...f,
        organizations: (f.organizations ?? []).map((o, i) => (i === 0 ? { ...o, active: false } : o)),
      }),
    }));
    const outcome = await w.apply(await w.planFor({ regions: [] }));

    expect(outcome.failures).toEqual([
      expect.objectContaining({
        stepId: 'ear.enable',
        message: 'cmk/project-active: the project belongs to an inactive organization, so Atlas refuses every change.',
        errorCode: 'INACTIVE_ORG',
        hint: expect.stringContaining('Reported under cmk/project-active'),
      }),
    ]);
  });
});
