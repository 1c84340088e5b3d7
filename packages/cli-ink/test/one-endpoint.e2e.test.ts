import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { CANARY, PROJECT, desired, startWorld, verifyAndClose, type World } from './world.js';

const ENDPOINTS = `/api/atlas/v2/groups/${PROJECT}/encryptionAtRest/AZURE/privateEndpoints`;
const V1 = 'application/vnd.atlas.2023-01-01+json';

/** POST an endpoint straight to the simulated Atlas, as the Atlas UI or another tool would (service account). */
async function createEndpointDirectly(world: World, regionName: string): Promise<string> {
  const basic = Buffer.from(`mdb_sa_id_66c9e8f1dd6c9960802420d5:${CANARY.serviceAccountSecret}`).toString('base64');
  const token = await fetch(`${world.sim.urls.atlas}/api/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const res = await fetch(`${world.sim.urls.atlas}${ENDPOINTS}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, accept: V1, 'content-type': V1 },
    body: JSON.stringify({ regionName }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

function liveEndpoints(world: World): { id: string; regionName: string; status: string }[] {
  const state = world.sim.state() as {
    projects: { id: string; endpoints: { id: string; regionName: string; status: string }[] }[];
  };
  return state.projects.find((p) => p.id === PROJECT)?.endpoints ?? [];
}

async function control(world: World, method: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${world.sim.urls.control}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
}

/**
 * `atlas-cmk apply PATH --format plain` on a pseudo-terminal (util-linux `script`), so it asks for `yes`;
 * `beforeAnswer` runs once the question is on screen, then `yes` is typed.
 */
async function interactiveApply(
  world: World,
  file: string,
  beforeAnswer: () => Promise<void>,
): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, 'apply', file, '--format', 'plain', '--poll-interval', '50ms']
    .map((a) => `'${a}'`)
    .join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: world.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TERM: 'dumb', ...world.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let asked = false;
  const answered = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (asked || !output.includes('Enter a value:')) return;
      asked = true;
      beforeAnswer().then(() => {
        child.stdin.write('yes\r');
        resolve();
      }, reject);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  child.stdin.end();
  if (asked) await answered;
  world.outputs.push(output);
  return { code, output };
}

describe('one endpoint per region', () => {
  let world: World | undefined;
  afterEach(async () => {
    if (world) await verifyAndClose(world);
    world = undefined;
  });

  it('a second and third endpoint in a region are drift: status flags them, plan deletes them, apply converges', async () => {
    const w = (world = await startWorld());
    const file = w.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    expect((await w.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms'])).code).toBe(
      0,
    );
    const [kept] = liveEndpoints(w);
    const extra = [await createEndpointDirectly(w, 'US_CENTRAL'), await createEndpointDirectly(w, 'US_CENTRAL')];

    const status = await w.cli(['status', file]);
    expect(status.code).toBe(0);
    // The simulated clock runs fast: the extra endpoints may already await approval.
    for (const id of extra)
      expect(status.stdout).toMatch(
        new RegExp(
          `Endpoint ${id} \\((INITIATING|PENDING_ACCEPTANCE)\\) is a second endpoint in US_CENTRAL, beside ${kept!.id}`,
        ),
      );

    const plan = await w.cli(['plan', file, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    for (const id of extra)
      expect(plan.stdout).toMatch(
        new RegExp(
          `Delete duplicate endpoint ${id} in US_CENTRAL \\((INITIATING|PENDING_ACCEPTANCE)\\); ${kept!.id} stays`,
        ),
      );
    expect(plan.stdout).toContain(`3 endpoints in one region: ${kept!.id} (ACTIVE) stays, the other 2 are deleted`);

    const apply = await w.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(liveEndpoints(w).map((e) => [e.id, e.status])).toEqual([[kept!.id, 'ACTIVE']]);
    expect((await w.cli(['plan', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('an inactive project stops plan, status and apply before any write, under cmk/project-active', async () => {
    const w = (world = await startWorld());
    const file = w.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    expect(await control(w, 'PATCH', `/projects/${PROJECT}`, { active: false })).toBe(200);
    const before = w.sim.requestLog().length;

    const plan = await w.cli(['plan', file]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(
      /project 66c9e8f1dd6c9960802420e9 is inactive: .*INACTIVE_ORG.*\[cmk\/project-active\]/s,
    );
    const status = await w.cli(['status', file]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(
      'The project is inactive: Atlas refuses every change (INACTIVE_ORG, cmk/project-active)',
    );
    expect(status.stderr).toContain('cmk/project-active: project 66c9e8f1dd6c9960802420e9 is inactive');
    const apply = await w.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('nothing was applied');
    expect(apply.stderr).toContain('cmk/project-active');

    // The only requests that were not reads: the probes, which Atlas refused and which could change nothing.
    const writes = w.sim
      .requestLog()
      .slice(before)
      .filter((e) => e.method !== 'GET' && e.operationId !== 'atlasOAuthToken' && e.status !== 401);
    expect(writes.map((e) => [e.method, e.path, e.status])).toEqual(
      Array.from({ length: 3 }, () => ['DELETE', `${ENDPOINTS}/000000000000000000000000`, 400]),
    );
    expect(liveEndpoints(w)).toEqual([]);

    expect(await control(w, 'PATCH', `/projects/${PROJECT}`, { active: true })).toBe(200);
    expect((await w.cli(['plan', file, '--detailed-exitcode'])).code).toBe(2);
    expect((await w.cli(['status', file])).code).toBe(0);
  });

  it('interactive apply re-reads the live state after "yes" and refuses when another apply changed it', async () => {
    const w = (world = await startWorld());
    const file = w.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    const refused = await interactiveApply(w, file, async () => {
      const other = await w.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
      expect(other.code).toBe(0);
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      'refusing to apply: the live state changed since the plan shown above. Nothing was changed.',
    );
    expect(refused.output).toContain(`Project ${PROJECT} changed since the plan was made`);
    expect(liveEndpoints(w).map((e) => `${e.regionName} ${e.status}`)).toEqual(['US_CENTRAL ACTIVE']);

    // Nothing changed between the plan and the answer: the approved plan runs.
    w.write('desired.yaml', desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'] }));
    const approved = await interactiveApply(w, file, () => Promise.resolve());
    expect(approved.code, approved.output).toBe(0);
    expect(
      liveEndpoints(w)
        .map((e) => `${e.regionName} ${e.status}`)
        .sort(),
    ).toEqual(['EUROPE_NORTH ACTIVE', 'US_CENTRAL ACTIVE']);
  });
});
