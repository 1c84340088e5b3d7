import { afterEach, describe, expect, it } from 'vitest';
import { eventsOf, startApplyWorld, VAULT, type ApplyWorld } from './apply-harness.js';

describe('executePlan against the simulator: approval', () => {
  let world: ApplyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('manual: shows the exact az command and waits until a person approved and Atlas reports ACTIVE', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'manual' });
    const approvedBy: string[] = [];
    // A person reads the command, waits a little, then approves in Azure (here: through the sim's ARM API).
    w.onSleep(async () => {
      const asked = eventsOf(w.events, 'step.actionRequired');
      const last = asked[asked.length - 1];
      if (!last || approvedBy.length > 0) return;
      const waited = eventsOf(w.events, 'step.waiting').filter((e) => e.stepId === last.stepId).length;
      if (waited < 2) return;
      const name = /--name (\S+)/.exec(last.command)?.[1] ?? '';
      approvedBy.push(name);
      await w.arm.setPrivateEndpointConnectionStatus(VAULT, name, 'Approved', 'approved by a person');
    });
    // Without Azure credentials: manual approval must not need them.
    const outcome = await w.apply(planned, { arm: undefined });

    expect(outcome.outcome).toBe('converged');
    const [endpoint] = await w.endpoints();
    expect(endpoint).toMatchObject({ regionName: 'US_CENTRAL', status: 'ACTIVE' });
    const asked = eventsOf(w.events, 'step.actionRequired');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.command).toBe(
      `az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments ` +
        `--name ${endpoint?.privateEndpointConnectionName} --description "Approved for MongoDB Atlas encryption at rest"`,
    );
    expect(approvedBy).toEqual([endpoint?.privateEndpointConnectionName]);
    // The run waited, reporting PENDING_ACCEPTANCE, while nobody had approved yet.
    const approveWaits = eventsOf(w.events, 'step.waiting').filter((e) => e.stepId === asked[0]?.stepId);
    expect(approveWaits.some((e) => e.until === 'ACTIVE' && e.observed === 'PENDING_ACCEPTANCE')).toBe(true);
    // The approve step ends on ACTIVE, so the following waitActive is answered at once.
    const succeeded = eventsOf(w.events, 'step.succeeded');
    expect(succeeded.find((e) => e.stepId === asked[0]?.stepId)?.message).toBe('Endpoint US_CENTRAL approved (ACTIVE)');
    expect(succeeded.find((e) => e.stepId.startsWith('endpoint.waitActive'))?.elapsedMs).toBe(0);
    expect(w.calls('PrivateEndpointConnections_Put')).toHaveLength(1);
  });

  it('azure: a 403 from Resource Manager fails with the permission the identity needs', async () => {
    // The Azure app may sign in but holds no approval permission on the vault.
    const w = (world = await startApplyWorld({
      fixture: (f) => ({
        ...f,
        azure: { ...f.azure, apps: (f.azure?.apps ?? []).map((a) => ({ ...a, canApprove: false })) },
      }),
    }));
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      expect.objectContaining({
        stepId: 'endpoint.approve:US_CENTRAL',
        message: expect.stringMatching(
          /^Azure refused to approve connection \S+ on key vault kv-payments \(HTTP 403 AuthorizationFailed\)\.$/,
        ),
        errorCode: 'AuthorizationFailed',
        hint: expect.stringContaining('Microsoft.KeyVault/vaults/privateEndpointConnectionApproval/action'),
      }),
    ]);
    const skipped = eventsOf(w.events, 'step.skipped');
    expect(skipped.map((e) => [e.stepId, e.reason])).toEqual([
      ['endpoint.waitActive:US_CENTRAL', 'skipped because endpoint.approve:US_CENTRAL failed'],
    ]);
  });

  it('manual: gives up at the approval deadline with the current status and how to continue', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'manual' });
    const outcome = await w.apply(planned, { options: { stepDeadlineMs: { manualApproval: 5 * 60_000 } } });

    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      {
        stepId: 'endpoint.approve:US_CENTRAL',
        projectId: expect.any(String),
        message:
          'Gave up after 5 min waiting for the endpoint in US_CENTRAL to be ACTIVE: Atlas still reports PENDING_ACCEPTANCE.',
        hint: 'Nothing is lost: run atlas-cmk apply again to keep waiting; it re-reads live state and picks up where this run stopped.',
      },
    ]);
    // Heartbeats at least every 10 s of the wait, each with the observed status.
    const waits = eventsOf(w.events, 'step.waiting').filter(
      (e) => e.stepId === 'endpoint.approve:US_CENTRAL' && e.until === 'ACTIVE',
    );
    const gaps = waits.slice(1).map((e, i) => Date.parse(e.at) - Date.parse(waits[i]?.at ?? e.at));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10_000);
    expect(new Set(waits.map((e) => e.observed))).toEqual(new Set(['PENDING_ACCEPTANCE']));
  });

  it('azure: without Azure credentials says what to configure', async () => {
    const w = (world = await startApplyWorld());
    const outcome = await w.apply(await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' }), { arm: undefined });

    expect(outcome.failures).toEqual([
      {
        stepId: 'endpoint.approve:US_CENTRAL',
        projectId: expect.any(String),
        message:
          'approval: azure needs Azure credentials to approve the connection for US_CENTRAL, and none are configured.',
        hint: expect.stringContaining('AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET'),
      },
    ]);
    expect(w.calls('PrivateEndpointConnections_Put')).toEqual([]);
  });
});
