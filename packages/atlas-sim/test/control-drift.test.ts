import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../src/index.js';
import { control, DigestClient, v } from './helpers/atlas-client.js';
import { enableBody, ids, owner, worldFixturePath } from './helpers/fixture.js';

const G = `/api/atlas/v2/groups/${ids.project}`;
const V1 = v('2023-01-01');

describe('control API: drift injection', () => {
  const running: RunningSim[] = [];
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.close();
  });
  const start = async (): Promise<{ sim: RunningSim; atlas: DigestClient }> => {
    const sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, validateResponses: true });
    running.push(sim);
    return { sim, atlas: new DigestClient(sim.urls.atlas, owner.user, owner.password) };
  };

  it('marks an endpoint FAILED with an error message that Atlas then reports', async () => {
    const { sim, atlas } = await start();
    await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept: V1, body: enableBody() });
    const created = await atlas.request('POST', `${G}/encryptionAtRest/AZURE/privateEndpoints`, {
      accept: V1,
      body: { regionName: 'US_CENTRAL' },
    });
    const id = (created.body as { id: string }).id;
    const res = await control(sim.urls.atlas, 'PATCH', `/projects/${ids.project}/endpoints/${id}`, {
      status: 'FAILED',
      errorMessage: 'Azure said no',
    });
    expect(res.status).toBe(200);
    const one = await atlas.request('GET', `${G}/encryptionAtRest/AZURE/privateEndpoints/${id}`, { accept: V1 });
    expect(one.body).toMatchObject({ id, status: 'FAILED', errorMessage: 'Azure said no' });
    expect(sim.contractViolations()).toEqual([]);
  });

  it('pauses and resumes a cluster', async () => {
    const { sim, atlas } = await start();
    const paused = await control(sim.urls.atlas, 'PATCH', `/projects/${ids.project}/clusters/orders`, {
      paused: true,
    });
    expect(paused.status).toBe(200);
    const cluster = await atlas.request('GET', `${G}/clusters/orders`, { accept: v('2024-08-05') });
    expect(cluster.body).toMatchObject({ name: 'orders', paused: true });
    expect(sim.contractViolations()).toEqual([]);
  });

  it('refuses unknown targets and malformed bodies without changing anything', async () => {
    const { sim } = await start();
    const base = sim.urls.atlas;
    expect((await control(base, 'PATCH', `/projects/${ids.project}/clusters/nope`, { paused: true })).status).toBe(404);
    expect(
      (await control(base, 'PATCH', `/projects/000000000000000000000000/clusters/orders`, { paused: true })).status,
    ).toBe(404);
    expect((await control(base, 'PATCH', `/projects/${ids.project}/clusters/orders`, { paused: 'yes' })).status).toBe(
      400,
    );
    expect((await control(base, 'PATCH', `/projects/${ids.project}/endpoints/x`, { status: 'FAILED' })).status).toBe(
      404,
    );
    const state = (await control(base, 'GET', '/state')).body as {
      projects: { clusters: { paused: boolean }[] }[];
    };
    expect(state.projects.flatMap((p) => p.clusters).some((c) => c.paused)).toBe(false);
  });
});
