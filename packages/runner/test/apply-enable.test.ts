import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_SECRET, eventsOf, PROJECT, startApplyWorld, type ApplyWorld } from './apply-harness.js';

const LIST = 'listGroupEncryptionAtRestPrivateEndpoints';

describe('executePlan against the simulator: first enable', () => {
  let world: ApplyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('enables CMK, creates two endpoints, approves them in Azure, waits for ACTIVE and checks valid: true', async () => {
    world = await startApplyWorld();
    const planned = await world.planFor({
      regions: ['US_CENTRAL', 'EUROPE_NORTH'],
      approval: 'azure',
      clusters: [{ name: 'orders', encryptionAtRest: true }],
    });
    const outcome = await world.apply(planned);

    expect(outcome).toEqual({
      outcome: 'converged',
      counts: { succeeded: planned.projects[0]?.steps.length, failed: 0, skipped: 0, pending: 0 },
      failures: [],
    });
    const endpoints = await world.endpoints();
    expect(endpoints.map((e) => [e.regionName, e.status]).sort()).toEqual([
      ['EUROPE_NORTH', 'ACTIVE'],
      ['US_CENTRAL', 'ACTIVE'],
    ]);
    const ear = await world.atlas.getEncryptionAtRest(PROJECT);
    expect(ear.azureKeyVault).toMatchObject({ enabled: true, requirePrivateNetworking: true, valid: true });
    const orders = await world.atlas.getCluster(PROJECT, 'orders');
    expect(orders).toMatchObject({ encryptionAtRestProvider: 'AZURE', stateName: 'IDLE' });

    // The run approved both connections itself, through ARM.
    expect(world.calls('PrivateEndpointConnections_Put').map((r) => r.status)).toEqual([200, 200]);
    const succeeded = eventsOf(world.events, 'step.succeeded').map((e) => e.message);
    expect(succeeded).toContain('Endpoint US_CENTRAL approved in Azure');
    expect(succeeded.some((m) => m.includes('Atlas reports the key as valid'))).toBe(true);
    expect(eventsOf(world.events, 'run.finished')).toEqual([
      expect.objectContaining({ outcome: 'converged', counts: outcome.counts }),
    ]);
    // The secret went to Atlas (the sim accepted the credentials) but never into an event.
    expect(JSON.stringify(world.events)).not.toContain(AZURE_SECRET);
  });

  it('serves every waiting endpoint with one list call per poll tick', async () => {
    world = await startApplyWorld();
    const regions = ['US_CENTRAL', 'EUROPE_NORTH', 'US_EAST_2'];
    const planned = await world.planFor({ regions, approval: 'azure' });
    // No heartbeats: every step.waiting then comes from a poll tick.
    const outcome = await world.apply(planned, { options: { heartbeatMs: 3_600_000 } });
    expect(outcome.outcome).toBe('converged');

    const waiting = eventsOf(world.events, 'step.waiting');
    const stepsPerTick = new Map<string, Set<string>>();
    // The poll that ends a wait is reported too; in one instant the next wait of that region may already poll.
    const stillWaiting = waiting.filter((e) => !e.until.split(' or ').includes(e.observed));
    for (const e of stillWaiting) stepsPerTick.set(e.at, (stepsPerTick.get(e.at) ?? new Set()).add(e.stepId));
    // Three endpoints were waited for together...
    expect(Math.max(...[...stepsPerTick.values()].map((s) => s.size))).toBe(3);
    // ...yet each simulated instant saw at most one list call, except the start: the planner's read, two
    // re-reads per endpoint.create (right before and right after its POST), and the poller's first tick.
    const perInstant = new Map<string, number>();
    for (const r of world.calls(LIST)) perInstant.set(r.time, (perInstant.get(r.time) ?? 0) + 1);
    const [start, ...rest] = [...perInstant.values()];
    expect(start).toBe(1 + 2 * regions.length + 1);
    expect(rest.every((n) => n === 1)).toBe(true);
    // Polling per endpoint would need a call per observation; shared ticks need far fewer.
    const pollerCalls = rest.length + 1;
    expect(pollerCalls).toBeLessThan(waiting.length);
  });
});
