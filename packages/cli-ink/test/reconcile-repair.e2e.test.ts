import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, type CliResult } from './run-cli.js';
import {
  desired,
  KEY_V1,
  PROJECT,
  startWorld,
  type World,
  verifyAndClose,
  cliWhileClockRuns,
  spawnCliWhileClockRuns,
} from './world.js';

/**
 * `reconcile` repairs what Atlas and Azure do behind the tool's back, end to end against atlas-sim: an endpoint
 * rejected in Azure (the ARM PUT a person makes), an endpoint FAILED, a key version disabled in Key Vault (Atlas
 * then reports valid: false and pauses the clusters on the key) and a cluster paused in Atlas. The simulated clock
 * nearly stands still (timeScale 0.001) and the test moves it while a command runs.
 */

const CLUSTERS = [
  { name: 'orders', encryptionAtRest: true },
  { name: 'analytics', encryptionAtRest: false },
];
const STATE = desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], clusters: CLUSTERS });
const KEY_PATH = `/vaults/kv-payments/keys/atlas/versions/${KEY_V1.split('/').at(-1)!}`;
const FAST = ['--poll-interval', '50ms'];

interface DriftJson {
  projects: { changes: { address: string }[]; health: { code: string; subject: string | null }[] }[];
}

let world: World;
let file: string;

/** Run the CLI while the simulated clock runs. */
async function drive(args: string[]): Promise<CliResult> {
  const r = await cliWhileClockRuns(world, args);
  expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  return r;
}

async function drift(path = file): Promise<{ code: number | null; codes: string[]; doc: DriftJson }> {
  const r = await world.cli(['drift', path, '--read-keys', '--format', 'json']);
  expect(hasStackTrace(r.stderr)).toBe(false);
  const doc = JSON.parse(r.stdout) as DriftJson;
  return { code: r.code, codes: doc.projects[0]!.health.map((h) => h.code), doc };
}

async function control(method: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${world.sim.urls.atlas}/__sim${path}`, { method, body: JSON.stringify(body) });
  return res.status;
}

interface Status {
  endpoints: { id: string; regionName: string; status: string; privateEndpointConnectionName: string }[];
  clusters: { name: string; paused?: boolean }[];
}

async function status(): Promise<Status> {
  const r = await world.cli(['status', '--project', PROJECT, '--format', 'json']);
  return (JSON.parse(r.stdout) as { projects: Status[] }).projects[0]!;
}

beforeAll(async () => {
  world = await startWorld({ timeScale: 0.001 });
  // Key Vault reads and "Update Key" go to the simulator's vault endpoint.
  world.env['ATLAS_CMK_AZURE_KEYVAULT_URL'] = world.sim.urls.keyVaultHttps;
  file = world.write('payments.yaml', STATE);
  const applied = await drive(['apply', file, '--auto-approve', '--format', 'plain', ...FAST]);
  expect(applied.code).toBe(0);
  expect((await drift()).code).toBe(0);
});

afterAll(async () => {
  await verifyAndClose(world);
});

describe('reconcile repairs drift injected behind its back', () => {
  it('four drifts at once (rejected in Azure, FAILED, key disabled, cluster paused): drift reports each, one pass of reconcile --watch --interval 5m repairs all', async () => {
    const before = await status();
    const us = before.endpoints.find((e) => e.regionName === 'US_CENTRAL')!;
    const eu = before.endpoints.find((e) => e.regionName === 'EUROPE_NORTH')!;
    expect(await world.azureConnection(us.privateEndpointConnectionName, 'Rejected')).toBe(200);
    expect(await control('PATCH', `/projects/${PROJECT}/endpoints/${eu.id}`, { status: 'FAILED' })).toBe(200);
    expect(await control('PATCH', KEY_PATH, { enabled: false })).toBe(200);
    expect(await control('PATCH', `/projects/${PROJECT}/clusters/analytics`, { paused: true })).toBe(200);

    const found = await drift();
    expect(found.code).toBe(2);
    expect(found.codes).toEqual(
      expect.arrayContaining([
        'key-invalid',
        'key-disabled',
        'cluster-paused',
        'endpoint-failed',
        'endpoint-pending-recreation',
      ]),
    );
    const paused = found.doc.projects[0]!.health.filter((h) => h.code === 'cluster-paused').map((h) => h.subject);
    expect(paused.sort()).toEqual(['analytics', 'orders']);
    expect(found.doc.projects[0]!.changes.map((c) => c.address)).toEqual(
      expect.arrayContaining([`key.atlas/${KEY_V1.split('/').at(-1)!}`, 'cluster.orders', 'cluster.analytics']),
    );
    // plan reads no key: it shows the endpoint repairs and the resume of the cluster Atlas did not pause for the
    // key, never a key.enable, and its request count is that of any plan. (Its Azure pre-flight checks would stop
    // it at the disabled key: skipped here, to see the plan.)
    const planned = await world.cli(['plan', file, '--skip-preflight']);
    expect(planned.stdout).toContain('Resume cluster analytics');
    expect(planned.stdout).not.toContain('key.enable');

    const run = spawnCliWhileClockRuns(world, ['reconcile', file, '--watch', '--interval', '5m', ...FAST]);
    try {
      await run.until((out) => /Pass (done|failed)/.test(out));
      await run.until((out) => /Next pass in/.test(out));
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      await run.close();
    }
    const out = run.stdout();
    const err = run.stderr();
    // The first pass, started at once, repaired everything: the next one would be an interval later.
    const passes = out.split('\n').filter((l) => l.includes('Pass '));
    expect(passes, out).toHaveLength(1);
    expect(passes[0]).toContain('Pass done: repaired');
    expect(out).toContain('Next pass in 300s.');
    for (const step of ['key.enable', 'ear.update', 'cluster.resume', 'endpoint.delete', 'endpoint.approve'])
      expect(out).toContain(step);
    expect(hasStackTrace(out + err)).toBe(false);

    expect((await drift()).code).toBe(0);
    const after = await status();
    expect(after.endpoints.map((e) => e.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(after.clusters.filter((c) => c.paused === true)).toEqual([]);
  });

  it('--no-key-repair: a disabled key stays disabled and reported, and the cluster it paused stays paused', async () => {
    expect(await control('PATCH', KEY_PATH, { enabled: false })).toBe(200);
    const left = await drive(['reconcile', file, '--no-key-repair', ...FAST]);
    expect(left.stdout).toContain('[key-disabled]');
    expect(left.stdout).toContain('Pass done: drift left');
    expect(left.stdout).not.toContain('key.enable');
    expect(left.code).toBe(2);
    const still = await drift();
    expect(still.code).toBe(2);
    expect(still.codes).toEqual(expect.arrayContaining(['key-disabled', 'key-invalid', 'cluster-paused']));
    expect((await status()).clusters.find((c) => c.name === 'orders')?.paused).toBe(true);

    // Without the flag the next pass puts it back.
    const fixed = await drive(['reconcile', file, ...FAST]);
    expect(fixed.stdout).toContain('Pass done: repaired');
    expect(fixed.code).toBe(0);
    expect((await drift()).code).toBe(0);
  });

  it('a key a person enabled again: Atlas still says valid: false until reconcile sends the settings again', async () => {
    expect(await control('PATCH', KEY_PATH, { enabled: false })).toBe(200);
    expect((await drift()).codes).toContain('key-disabled');
    expect(await control('PATCH', KEY_PATH, { enabled: true })).toBe(200);
    const invalid = await drift();
    expect(invalid.codes).toEqual(['key-invalid', 'cluster-paused']);
    const fixed = await drive(['reconcile', file, ...FAST]);
    expect(fixed.stdout).toContain('Have Atlas validate the key again');
    expect(fixed.stdout).not.toContain('key.enable');
    expect(fixed.code).toBe(0);
    expect((await drift()).code).toBe(0);
  });

  it('a key both disabled and expired is left disabled: enabling it cannot help, so reconcile says to rotate', async () => {
    // Key Vault's "Get Key" refuses a disabled version; its expiry comes from "Get Key Versions".
    expect(await control('PATCH', KEY_PATH, { enabled: false, expires: '2020-01-01T00:00:00Z' })).toBe(200);
    const found = await drift();
    expect(found.codes).toEqual(expect.arrayContaining(['key-disabled', 'key-expired']));
    expect(found.doc.projects[0]!.changes.map((c) => c.address)).not.toContain(
      `key.atlas/${KEY_V1.split('/').at(-1)!}`,
    );
    const updatesBefore = world.sim.requestLog().filter((e) => e.operationId === 'UpdateKey').length;
    const left = await drive(['reconcile', file, ...FAST]);
    expect(left.stdout).toContain(
      'expired at 2020-01-01T00:00:00.000Z: Atlas cannot use it, and enabling it again cannot help; rotate to a new key version and set keyIdentifier to it. [key-expired]',
    );
    expect(left.stdout).toContain('Pass done: drift left that needs a person');
    expect(left.stdout).not.toContain('key.enable');
    expect(left.code).toBe(2);
    expect(world.sim.requestLog().filter((e) => e.operationId === 'UpdateKey').length).toBe(updatesBefore);
    expect(world.sim.requestLog().some((e) => e.operationId === 'GetKeyVersions' && e.status === 200)).toBe(true);

    // Put back as it was for the next test: a person renews the key.
    expect(await control('PATCH', KEY_PATH, { enabled: true, expires: null })).toBe(200);
    expect((await drive(['reconcile', file, ...FAST])).code).toBe(0);
    expect((await drift()).code).toBe(0);
  });

  it('paused: true keeps a paused cluster paused; pausing a running one is held back without --allow-destructive', async () => {
    const keepPaused = world.write(
      'paused.yaml',
      desired({
        regions: ['US_CENTRAL', 'EUROPE_NORTH'],
        clusters: [
          { name: 'orders', encryptionAtRest: true },
          { name: 'analytics', encryptionAtRest: false, paused: true },
        ],
      }),
    );
    const held = await drive(['reconcile', keepPaused, ...FAST]);
    expect(held.stdout).toContain('Held back cluster.pause analytics');
    expect(held.stdout).toContain('Pass done: drift left; 2 steps held back');
    expect(held.code).toBe(2);
    expect((await status()).clusters.find((c) => c.name === 'analytics')?.paused).not.toBe(true);

    const plan = await world.cli(['plan', keepPaused, '--format', 'json']);
    const steps = (JSON.parse(plan.stdout) as { projects: { steps: { kind: string; destructive: boolean }[] }[] })
      .projects[0]!.steps;
    expect(steps).toContainEqual(expect.objectContaining({ kind: 'cluster.pause', destructive: true }));
    const md = await world.cli(['plan', keepPaused, '--format', 'markdown']);
    expect(md.stdout).toContain('Pause cluster analytics');

    const paused = await drive(['reconcile', keepPaused, '--allow-destructive', ...FAST]);
    expect(paused.stdout).toContain('Pass done: repaired');
    expect((await status()).clusters.find((c) => c.name === 'analytics')?.paused).toBe(true);
    // Paused by design: no drift for that file, and reconcile leaves it paused.
    expect((await drift(keepPaused)).code).toBe(0);
    const again = await drive(['reconcile', keepPaused, ...FAST]);
    expect(again.stdout).toContain('Pass done: no drift.');
    expect(again.code).toBe(0);
    // The first file does not say paused: true, so reconcile resumes the cluster.
    expect((await drift()).codes).toEqual(['cluster-paused']);
    const resumed = await drive(['reconcile', file, ...FAST]);
    expect(resumed.stdout).toContain('Pass done: repaired');
    expect((await drift()).code).toBe(0);
  });

  it('export writes paused: true for a paused cluster, so plan of the exported file shows no changes', async () => {
    expect(await control('PATCH', `/projects/${PROJECT}/clusters/orders`, { paused: true })).toBe(200);
    const exported = await world.cli(['export', '--project', PROJECT, '--out', 'exported.yaml']);
    expect(exported.code).toBe(0);
    const planned = await world.cli(['plan', 'exported.yaml']);
    expect(planned.stdout).toContain('No changes.');
    expect(planned.code).toBe(0);
    const resumed = await drive(['reconcile', file, ...FAST]);
    expect(resumed.stdout).toContain('Resume cluster orders');
    expect(resumed.code).toBe(0);
    expect((await drift()).code).toBe(0);
  });
});
