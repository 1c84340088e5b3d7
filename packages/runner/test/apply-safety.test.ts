import { afterEach, describe, expect, it } from 'vitest';
import { CONTINUE_AFTER_INTERRUPT } from '../src/apply/index.js';
import { eventsOf, PROJECT, realDelay, startApplyWorld, type ApplyWorld } from './apply-harness.js';

const CREATE = 'createGroupEncryptionAtRestPrivateEndpoint';
const endpointsPath = `/api/atlas/v2/groups/${PROJECT}/encryptionAtRest/AZURE/privateEndpoints`;

describe('executePlan against the simulator: safety', () => {
  let world: ApplyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('adopts an endpoint whose create timed out after reaching Atlas: one endpoint in the region', async () => {
    // Atlas takes 600 ms to answer the first create; the client gives up after 200 ms.
    const w = (world = await startApplyWorld({
      atlasTimeoutMs: 200,
      faults: {
        rules: [{ match: { method: 'POST', pathPrefix: endpointsPath }, kind: 'latency', ms: 600, rate: 1, times: 1 }],
      },
    }));
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    // The run's pause after an uncertain create lasts a poll interval (10 s against Atlas); here it must
    // also let the simulator finish the slow create in real time.
    w.onSleep(async () => {
      const last = w.events[w.events.length - 1];
      if (last?.kind === 'step.retrying' && last.stepId === 'endpoint.create:US_CENTRAL') await realDelay(800);
    });
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('converged');
    expect((await w.endpoints()).map((e) => [e.regionName, e.status])).toEqual([['US_CENTRAL', 'ACTIVE']]);
    expect(w.calls(CREATE)).toHaveLength(1);
    const create = eventsOf(w.events, 'step.succeeded').find((e) => e.stepId === 'endpoint.create:US_CENTRAL');
    expect(create?.message).toMatch(/^Endpoint US_CENTRAL adopted \(\w+, \w+\): after an interrupted create$/);
    expect(eventsOf(w.events, 'step.retrying').map((e) => e.reason)).toContain(
      'the create may have reached Atlas; re-reading the endpoints of US_CENTRAL',
    );
  });

  it('creates again once a dropped create is known not to have reached Atlas', async () => {
    const w = (world = await startApplyWorld({
      faults: { rules: [{ match: { method: 'POST', pathPrefix: endpointsPath }, kind: 'drop', rate: 1, times: 1 }] },
    }));
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('converged');
    expect((await w.endpoints()).map((e) => [e.regionName, e.status])).toEqual([['US_CENTRAL', 'ACTIVE']]);
    // The dropped request (status 0) and the one that created the endpoint.
    expect(w.calls(CREATE).map((r) => r.status)).toEqual([0, 202]);
  });

  it('stops cleanly on abort mid-wait, then a re-planned run converges without a second endpoint', async () => {
    const w = (world = await startApplyWorld());
    const regions = ['US_CENTRAL', 'EUROPE_NORTH'];
    const controller = new AbortController();
    // Ctrl-C while the endpoints are provisioning.
    let eventsAtAbort = 0;
    w.onSleep(async () => {
      if (controller.signal.aborted || eventsOf(w.events, 'step.waiting').length < 3) return;
      eventsAtAbort = w.events.length;
      controller.abort(new Error('SIGINT'));
    });
    const first = await w.apply(await w.planFor({ regions, approval: 'azure' }), { signal: controller.signal });
    w.onSleep(undefined);

    expect(first.outcome).toBe('interrupted');
    expect(first.failures).toEqual([]);
    expect(first.counts.pending).toBeGreaterThan(0);
    expect(eventsOf(w.events, 'step.failed')).toEqual([]);
    const finished = eventsOf(w.events, 'run.finished');
    expect(finished).toEqual([expect.objectContaining({ outcome: 'interrupted', next: CONTINUE_AFTER_INTERRUPT })]);
    expect(CONTINUE_AFTER_INTERRUPT).toBe(
      'Run `atlas-cmk apply` again to continue: it re-reads live state and picks up where this run stopped.',
    );
    // No step started after the abort.
    expect(eventsAtAbort).toBeGreaterThan(0);
    expect(w.events.slice(eventsAtAbort).filter((e) => e.kind === 'step.started')).toEqual([]);

    const second = await w.apply(await w.planFor({ regions, approval: 'azure' }));
    expect(second.outcome).toBe('converged');
    expect((await w.endpoints()).map((e) => [e.regionName, e.status]).sort()).toEqual([
      ['EUROPE_NORTH', 'ACTIVE'],
      ['US_CENTRAL', 'ACTIVE'],
    ]);
    expect(w.calls(CREATE)).toHaveLength(2);
  });

  it('after an abort, refuses the stale saved plan, and endpoint.create adopts what the first run created', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], approval: 'azure' });
    const controller = new AbortController();
    w.onSleep(async () => {
      if (w.calls(CREATE).length === 2) controller.abort(new Error('SIGINT'));
    });
    expect((await w.apply(planned, { signal: controller.signal })).outcome).toBe('interrupted');
    w.onSleep(undefined);

    // The saved plan was made before the endpoints existed: with the fingerprint check it is refused.
    const started = eventsOf(w.events, 'step.started').length;
    const refused = await w.apply(planned, { options: { fingerprintCheck: true } });
    expect(refused).toEqual({
      outcome: 'failed',
      counts: { succeeded: 0, failed: 0, skipped: 0, pending: planned.projects[0]?.steps.length },
      failures: [
        {
          stepId: 'plan.fingerprint',
          projectId: PROJECT,
          message: expect.stringMatching(/^Project \w+ changed since the plan was made/),
          hint: 'The saved plan is stale: run atlas-cmk plan again and apply the new plan.',
        },
      ],
    });
    expect(eventsOf(w.events, 'step.started')).toHaveLength(started);

    // The endpoint steps of that plan, run again as they are: each create finds its region's endpoint.
    const project = planned.projects[0];
    if (!project) throw new Error('no project planned');
    const steps = project.steps.filter((s) => s.kind.startsWith('endpoint.'));
    const ids = new Set(steps.map((s) => s.id));
    const endpointOnly = {
      ...planned,
      projects: [{ ...project, steps: steps.map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => ids.has(d)) })) }],
    };
    const again = await w.apply(endpointOnly);
    expect(again.failures).toEqual([]);
    expect(again.outcome).toBe('converged');
    expect(w.calls(CREATE)).toHaveLength(2);
    const adopted = eventsOf(w.events, 'step.succeeded').filter((e) => e.message.includes(' adopted ('));
    expect(adopted.map((e) => e.stepId).sort()).toEqual(['endpoint.create:EUROPE_NORTH', 'endpoint.create:US_CENTRAL']);
    expect((await w.endpoints()).map((e) => e.status)).toEqual(['ACTIVE', 'ACTIVE']);
  });
});
