import { afterEach, describe, expect, it } from 'vitest';
import { eventsOf, PROJECT, startApplyWorld, type ApplyWorld } from './apply-harness.js';

const CREATE = 'createGroupEncryptionAtRestPrivateEndpoint';
const DELETE = 'requestGroupEncryptionAtRestPrivateEndpointDeletion';

describe('executePlan against the simulator: deletion and teardown', () => {
  let world: ApplyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('retries a delete Atlas refuses during provisioning once the endpoint has left INITIATING', async () => {
    const w = (world = await startApplyWorld());
    // A first run stopped right after asking for the endpoint: it is still INITIATING.
    const controller = new AbortController();
    w.onSleep(async () => {
      if (w.calls(CREATE).length === 1) controller.abort(new Error('SIGINT'));
    });
    await w.apply(await w.planFor({ regions: ['US_CENTRAL'] }), { signal: controller.signal });
    w.onSleep(undefined);
    expect((await w.endpoints()).map((e) => e.status)).toEqual(['INITIATING']);

    // Without the planner's wait before the delete, Atlas refuses it at first.
    const planned = await w.planFor({ regions: [] });
    const project = planned.projects[0];
    if (!project) throw new Error('no project planned');
    const steps = project.steps.filter((s) => s.kind !== 'endpoint.waitPendingAcceptance');
    const ids = new Set(steps.map((s) => s.id));
    const direct = {
      ...planned,
      projects: [{ ...project, steps: steps.map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => ids.has(d)) })) }],
    };
    const outcome = await w.apply(direct);

    expect(outcome.failures).toEqual([]);
    expect(outcome.outcome).toBe('converged');
    expect(w.calls(DELETE).map((r) => r.status)).toEqual([400, 204]);
    expect(eventsOf(w.events, 'step.retrying').map((e) => e.reason)).toEqual([
      expect.stringMatching(/^Atlas will not delete endpoint \w+ while it is provisioning$/),
    ]);
    expect(await w.endpoints()).toEqual([]);
    const ear = await w.atlas.getEncryptionAtRest(PROJECT);
    expect(ear.azureKeyVault).toMatchObject({ enabled: true, requirePrivateNetworking: false });
  });

  it('tears everything down in one plan: endpoints, then clusters, then the project', async () => {
    const w = (world = await startApplyWorld());
    const enabled = await w.apply(
      await w.planFor({
        regions: ['US_CENTRAL', 'EUROPE_NORTH'],
        approval: 'azure',
        clusters: [{ name: 'orders', encryptionAtRest: true }],
      }),
    );
    expect(enabled.outcome).toBe('converged');

    const teardown = await w.planFor({
      enabled: false,
      regions: [],
      clusters: [{ name: 'orders', encryptionAtRest: false }],
    });
    const outcome = await w.apply(teardown);

    expect(outcome.failures).toEqual([]);
    expect(outcome.outcome).toBe('converged');
    expect(outcome.counts.succeeded).toBe(teardown.projects[0]?.steps.length);
    expect(await w.endpoints()).toEqual([]);
    expect((await w.atlas.getEncryptionAtRest(PROJECT)).azureKeyVault?.enabled).toBe(false);
    expect(await w.atlas.getCluster(PROJECT, 'orders')).toMatchObject({
      encryptionAtRestProvider: 'NONE',
      stateName: 'IDLE',
    });
    // Nothing was refused along the way.
    expect(w.sim.requestLog().filter((r) => r.status >= 400 && r.status !== 401)).toEqual([]);
    expect(w.sim.contractViolations()).toEqual([]);
  });
});
