import { afterEach, describe, expect, it } from 'vitest';
import { eventsOf, PROJECT, startApplyWorld, type ApplyWorld } from './apply-harness.js';

const REGIONS = ['US_CENTRAL', 'EUROPE_NORTH'];
const slowCreates = {
  rules: [
    {
      match: { operationId: 'createGroupEncryptionAtRestPrivateEndpoint' },
      kind: 'latency' as const,
      ms: 150,
      rate: 1,
    },
  ],
};

describe('executePlan against the simulator: overlapping runs of one project', () => {
  let world: ApplyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const perRegion = async (w: ApplyWorld): Promise<string[]> =>
    (await w.endpoints()).map((e) => `${e.regionName} ${e.status}`).sort();

  it('two runs of the same plan at once leave one endpoint per region (Atlas accepts a second endpoint)', async () => {
    const w = (world = await startApplyWorld({ faults: slowCreates }));
    const planned = await w.planFor({ regions: REGIONS, approval: 'azure' });
    const outcomes = await Promise.all([w.apply(planned), w.apply(planned)]);

    expect(outcomes.map((o) => o.outcome)).toEqual(['converged', 'converged']);
    // Both runs created an endpoint in each region; each region kept the oldest and its creator's rival removed its own.
    expect(w.calls('createGroupEncryptionAtRestPrivateEndpoint').map((c) => c.status)).toEqual([202, 202, 202, 202]);
    expect(await perRegion(w)).toEqual(['EUROPE_NORTH ACTIVE', 'US_CENTRAL ACTIVE']);
    const creates = eventsOf(w.events, 'step.succeeded').filter((e) => e.stepId.startsWith('endpoint.create'));
    const yielded = creates.filter((e) => e.message.includes(`another apply is changing project ${PROJECT}`));
    expect(yielded).toHaveLength(2);
    expect(yielded[0]?.message).toMatch(
      /^Endpoint \w+ adopted \(\w+\): another apply is changing project \w+, so the duplicate \w+ this run created was deleted$/,
    );
  });

  it('two runs at once when Atlas refuses a second endpoint: the refused run adopts the other one', async () => {
    const w = (world = await startApplyWorld({
      faults: slowCreates,
      fixture: (f) => ({ ...f, secondEndpoint: 'refuse' }),
    }));
    const planned = await w.planFor({ regions: REGIONS, approval: 'azure' });
    const outcomes = await Promise.all([w.apply(planned), w.apply(planned)]);

    expect(outcomes.map((o) => o.outcome)).toEqual(['converged', 'converged']);
    expect(
      w
        .calls('createGroupEncryptionAtRestPrivateEndpoint')
        .map((c) => c.status)
        .sort(),
    ).toEqual([202, 202, 409, 409]);
    expect(await perRegion(w)).toEqual(['EUROPE_NORTH ACTIVE', 'US_CENTRAL ACTIVE']);
    const adopted = eventsOf(w.events, 'step.succeeded').filter((e) =>
      e.message.endsWith('Atlas refused a second one'),
    );
    expect(adopted).toHaveLength(2);
  });

  it('a planned duplicate delete is called off when the endpoint it keeps is being deleted by someone else', async () => {
    const w = (world = await startApplyWorld());
    const first = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    expect((await w.apply(first)).outcome).toBe('converged');
    const [kept] = await w.endpoints();
    await w.atlas.createEarPrivateEndpoint(PROJECT, 'AZURE', { regionName: 'US_CENTRAL' });
    await w.sim.advance(600);
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    const duplicate = planned.projects[0]?.steps.find((s) => s.kind === 'endpoint.delete');
    expect(duplicate).toMatchObject({ keepEndpointId: kept?.id });
    // Another apply (or a person) removes the endpoint the plan keeps.
    await w.atlas.deleteEarPrivateEndpoint(PROJECT, 'AZURE', kept!.id);
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('failed');
    const failed = eventsOf(w.events, 'step.failed').find((e) => e.stepId === duplicate?.id);
    expect(failed?.error.message).toBe(
      `another apply is changing project ${PROJECT}: endpoint ${kept!.id} in US_CENTRAL, which the plan keeps, is being deleted, so duplicate ${duplicate && 'endpointId' in duplicate ? duplicate.endpointId : ''} is left in place.`,
    );
    expect((await w.endpoints()).filter((e) => e.status !== 'DELETING')).toHaveLength(1);
  });

  it('a run planned before another turned private networking on never turns it off again', async () => {
    const w = (world = await startApplyWorld());
    const first = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    const stale = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    expect(stale.projects[0]?.steps.map((s) => s.kind)).toContain('ear.enable');
    expect((await w.apply(first)).outcome).toBe('converged');

    const outcome = await w.apply(stale);
    expect(outcome.outcome).toBe('failed');
    const failed = eventsOf(w.events, 'step.failed').find((e) => e.stepId === 'ear.enable');
    expect(failed?.error.message).toBe(
      `another apply is changing project ${PROJECT}: private networking to the key vault is already required, and this run's ear.enable, planned before, would turn it off.`,
    );
    const ear = await w.atlas.getEncryptionAtRest(PROJECT);
    expect(ear.azureKeyVault?.requirePrivateNetworking).toBe(true);
    expect((await w.endpoints()).map((e) => `${e.regionName} ${e.status}`)).toEqual(['US_CENTRAL ACTIVE']);
  });
});
