import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubStandin } from '../../runner/test/github-standin.js';
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
 * `atlas-cmk drift` and `atlas-cmk reconcile` end to end, against atlas-sim. The simulated clock nearly stands
 * still (timeScale 0.001) and the test moves it while a command runs, so every injected drift is observed for
 * certain before anything repairs it, whatever the speed of the machine.
 */

const STATE = desired({
  regions: ['US_CENTRAL', 'EUROPE_NORTH'],
  clusters: [{ name: 'orders', encryptionAtRest: true }],
});
const KEY_VERSION = KEY_V1.split('/').at(-1)!;
const FAST = ['--poll-interval', '50ms'];

interface DriftJson {
  formatVersion: number;
  projects: { changes: { address: string; action: string }[]; health: { code: string; subject: string | null }[] }[];
  summary: { drifted: number; changes: number; health: number };
}

let world: World;
let file: string;

/** Run the CLI while the simulated clock runs. */
function drive(args: string[]): Promise<CliResult> {
  return cliWhileClockRuns(world, args);
}

async function driftJson(): Promise<{ code: number | null; doc: DriftJson }> {
  const r = await world.cli(['drift', file, '--format', 'json']);
  expect(hasStackTrace(r.stderr)).toBe(false);
  return { code: r.code, doc: JSON.parse(r.stdout) as DriftJson };
}

async function control(method: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${world.sim.urls.atlas}/__sim${path}`, { method, body: JSON.stringify(body) });
  return res.status;
}

async function endpoint(): Promise<{ id: string; status: string; privateEndpointConnectionName: string }> {
  const r = await world.cli(['status', '--project', PROJECT, '--format', 'json']);
  const doc = JSON.parse(r.stdout) as {
    projects: {
      endpoints: { id: string; regionName: string; status: string; privateEndpointConnectionName: string }[];
    }[];
  };
  return doc.projects[0]!.endpoints.find((e) => e.regionName === 'US_CENTRAL')!;
}

beforeAll(async () => {
  world = await startWorld({ timeScale: 0.001 });
  // reconcile reads the key versions from Key Vault: the simulator's.
  world.env['ATLAS_CMK_AZURE_KEYVAULT_URL'] = world.sim.urls.keyVaultHttps;
  file = world.write('payments.yaml', STATE);
  const applied = await drive(['apply', file, '--auto-approve', '--format', 'plain', ...FAST]);
  expect(applied.stdout + applied.stderr).toContain('Apply complete');
  expect(applied.code).toBe(0);
});

afterAll(async () => {
  await verifyAndClose(world);
});

describe('atlas-cmk drift and reconcile against atlas-sim', () => {
  it('reports no drift after apply: exit 0, in text, JSON and markdown', async () => {
    const text = await world.cli(['drift', file]);
    expect(text.stdout).toBe('No drift. Live state matches the desired state and every health check passes.\n');
    expect(text.code).toBe(0);
    const { code, doc } = await driftJson();
    expect(code).toBe(0);
    expect(doc.summary).toEqual({ projects: 1, drifted: 0, changes: 0, health: 0 });
    const md = await world.cli(['drift', file, '--format', 'markdown', '--key', 'prod']);
    expect(md.stdout).toContain('<!-- atlas-cmk:drift prod -->');
    expect(md.code).toBe(0);
  });

  it('an endpoint rejected in Azure: reported (exit 2), then repaired by reconcile', async () => {
    const ep = await endpoint();
    expect(await world.azureConnection(ep.privateEndpointConnectionName, 'Rejected')).toBe(200);
    const { code, doc } = await driftJson();
    expect(code).toBe(2);
    expect(doc.projects[0]!.health).toContainEqual({
      code: 'endpoint-pending-recreation',
      subject: ep.id,
      message: expect.stringContaining('US_CENTRAL'),
    });
    expect(doc.projects[0]!.changes.map((c) => c.address)).toContain('endpoint.US_CENTRAL');
    const text = await world.cli(['drift', file]);
    expect(text.stdout).toContain('[endpoint-pending-recreation]');
    expect(text.stdout).toMatch(/Drift: 1 of 1 project/);

    const fixed = await drive(['reconcile', file, ...FAST]);
    expect(fixed.stdout).toContain('Pass done: repaired');
    expect(fixed.code).toBe(0);
    expect((await endpoint()).status).toBe('ACTIVE');
    expect((await driftJson()).code).toBe(0);
  });

  it('an endpoint FAILED: reported, and replaced by reconcile without --allow-destructive', async () => {
    const ep = await endpoint();
    expect(await control('PATCH', `/projects/${PROJECT}/endpoints/${ep.id}`, { status: 'FAILED' })).toBe(200);
    const { code, doc } = await driftJson();
    expect(code).toBe(2);
    expect(doc.projects[0]!.health.map((h) => h.code)).toEqual(['endpoint-failed']);
    const fixed = await drive(['reconcile', file, ...FAST]);
    expect(fixed.stdout).toContain('Pass done: repaired');
    expect(fixed.code).toBe(0);
    const now = await endpoint();
    expect(now.status).toBe('ACTIVE');
    expect(now.id).not.toBe(ep.id);
    expect((await driftJson()).code).toBe(0);
  });

  it('a key disabled in Key Vault: valid false and paused clusters are reported; reconcile enables it and resumes them', async () => {
    const keyPath = `/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`;
    expect(await control('PATCH', keyPath, { enabled: false })).toBe(200);
    const { code, doc } = await driftJson();
    expect(code).toBe(2);
    expect(doc.projects[0]!.health.map((h) => h.code)).toEqual(['key-invalid', 'cluster-paused']);
    const r = await drive(['reconcile', file, ...FAST]);
    expect(r.stdout).toContain('Atlas cannot use the key (valid: false)');
    expect(r.stdout).toContain('Enable key atlas/');
    expect(r.stdout).toContain('Resume cluster orders');
    expect(r.stdout).toContain('Pass done: repaired');
    expect(r.code).toBe(0);
    expect((await driftJson()).code).toBe(0);
  });

  it('drift --read-keys reads the key version from Key Vault: expiring soon, then disabled', async () => {
    const keyPath = `/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`;
    const env = { ATLAS_CMK_AZURE_KEYVAULT_URL: `https://127.0.0.1:${world.sim.httpsPort}/azure/keyvault/{vaultName}` };
    const read = async (): Promise<{ code: number | null; doc: DriftJson; stderr: string }> => {
      const r = await world.cli(['drift', file, '--read-keys', '--format', 'json'], { env });
      expect(hasStackTrace(r.stderr)).toBe(false);
      return { code: r.code, doc: JSON.parse(r.stdout) as DriftJson, stderr: r.stderr };
    };
    const clean = await read();
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    const soon = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
    expect(await control('PATCH', keyPath, { expires: soon })).toBe(200);
    const expiring = await read();
    expect(expiring.code).toBe(2);
    expect(expiring.doc.projects[0]!.health.map((h) => h.code)).toContain('key-expiring');
    expect(expiring.doc.projects[0]!.health.find((h) => h.code === 'key-expiring')?.subject).toBe(
      `atlas/${KEY_VERSION}`,
    );
    const later = await world.cli(['drift', file, '--read-keys', '--expiry-warning-days', '5'], { env });
    expect(later.stdout).not.toContain('key-expiring');
    expect(await control('PATCH', keyPath, { enabled: false, expires: null })).toBe(200);
    expect((await read()).doc.projects[0]!.health.map((h) => h.code)).toContain('key-disabled');
    // A person enables the key and resumes the cluster; Atlas uses the key again once its settings are sent again.
    expect(await control('PATCH', keyPath, { enabled: true })).toBe(200);
    expect(await control('PATCH', `/projects/${PROJECT}/clusters/orders`, { paused: false })).toBe(200);
    expect((await read()).doc.projects[0]!.health.map((h) => h.code)).toEqual(['key-invalid']);
    expect((await drive(['reconcile', file, ...FAST])).code).toBe(0);
    expect((await read()).code).toBe(0);
    const noAzure = await world.cli(['drift', file, '--read-keys'], {
      env: {
        ...env,
        AZURE_CLIENT_SECRET: undefined,
        AZURE_TENANT_ID: undefined,
        AZURE_CLIENT_ID: undefined,
        AZURE_FEDERATED_TOKEN_FILE: undefined,
        ATLAS_CMK_AZURE_KEYVAULT_URL: 'http://example.com/{vaultName}',
      },
    });
    expect(noAzure.code).toBe(1);
    expect(hasStackTrace(noAzure.stderr)).toBe(false);
  });

  it('drift --github-issue keeps one issue: opened on drift, updated while it lasts, closed when it is gone', async () => {
    const token = 'ghs_canary_drift_issue_token_Lq55';
    const standin = await startGitHubStandin({ token, repositories: ['acme/infra'] });
    const gh = { GITHUB_TOKEN: token, GITHUB_REPOSITORY: 'acme/infra', GITHUB_API_URL: standin.url };
    const issue = (): Promise<CliResult> => world.cli(['drift', file, '--github-issue', '--key', 'prod'], { env: gh });
    try {
      expect((await issue()).stderr).toContain('no drift and no open drift issue');
      expect(await control('PATCH', `/projects/${PROJECT}/clusters/orders`, { paused: true })).toBe(200);
      const opened = await issue();
      expect(opened.code).toBe(2);
      expect(opened.stderr).toMatch(/opened drift issue #1/);
      expect((await issue()).stderr).toMatch(/drift issue #1 is up to date/);
      const [only] = standin.issues('acme', 'infra');
      expect(only?.title).toBe('atlas-cmk: drift in 1 of 1 project');
      expect(only?.body).toMatch(/^<!-- atlas-cmk:drift prod -->\n/);
      expect(only?.body).toContain('**cluster-paused**');
      expect(await control('PATCH', `/projects/${PROJECT}/clusters/orders`, { paused: false })).toBe(200);
      const closed = await issue();
      expect(closed.code).toBe(0);
      expect(closed.stderr).toMatch(/closed drift issue #1/);
      expect(standin.issues('acme', 'infra')).toMatchObject([
        { number: 1, state: 'closed', state_reason: 'completed' },
      ]);
      const noRights = await world.cli(['drift', file, '--github-issue'], { env: { ...gh, GITHUB_TOKEN: 'wrong' } });
      expect(noRights.code).toBe(1);
      expect(hasStackTrace(noRights.stderr)).toBe(false);
      for (const r of standin.requests) expect(r.body).not.toContain(token);
    } finally {
      await standin.close();
    }
  });

  it('a cluster paused behind the tool is reported as health drift', async () => {
    expect(await control('PATCH', `/projects/${PROJECT}/clusters/orders`, { paused: true })).toBe(200);
    const { code, doc } = await driftJson();
    expect(code).toBe(2);
    expect(doc.projects[0]!.health).toEqual([expect.objectContaining({ code: 'cluster-paused', subject: 'orders' })]);
    expect(await control('PATCH', `/projects/${PROJECT}/clusters/orders`, { paused: false })).toBe(200);
  });

  it('reconcile --watch repairs drift within one interval, serves /healthz and /metrics, and stops cleanly on SIGTERM', async () => {
    const run = spawnCliWhileClockRuns(world, [
      'reconcile',
      file,
      '--watch',
      '--interval',
      '1s',
      '--listen',
      '127.0.0.1:0',
      ...FAST,
    ]);
    try {
      await run.until((out) => /Pass done: no drift/.test(out));
      const address = /Serving \/healthz and \/metrics on (http:\/\/\S+)/.exec(run.stdout())?.[1];
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${address}/healthz`);
      expect(health.status).toBe(200);

      const ep = await endpoint();
      const before = run.stdout().length;
      expect(await control('PATCH', `/projects/${PROJECT}/endpoints/${ep.id}`, { status: 'FAILED' })).toBe(200);
      await run.until((out) => /Pass done: repaired/.test(out.slice(before)));
      // The pass in flight at injection may have read before it; the one after it repairs.
      const passes = run
        .stdout()
        .slice(before)
        .split('\n')
        .filter((l) => l.includes('Pass done'));
      expect(passes.length).toBeLessThanOrEqual(2);
      expect(passes.at(-1)).toContain('repaired');

      const metrics = await (await fetch(`${address}/metrics`)).text();
      expect(metrics).toMatch(/atlas_cmk_reconcile_passes_total\{result="repaired"\} [1-9]/);
      expect(metrics).toMatch(/atlas_cmk_apply_outcomes_total\{outcome="converged"\} [1-9]/);
      expect(metrics).toMatch(/atlas_cmk_http_requests_total\{service="atlas",status="200"\} [1-9]/);
      expect(metrics).toMatch(/atlas_cmk_http_request_duration_seconds_count\{service="atlas"\} [1-9]/);
      expect(metrics).toMatch(/atlas_cmk_last_success_timestamp_seconds [1-9]/);
      expect(metrics).toContain('atlas_cmk_drift_projects');

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain('Stopping cleanly: no new step starts');
      expect(run.stdout()).toContain('Stopped.');
      expect(hasStackTrace(run.stdout() + run.stderr())).toBe(false);
    } finally {
      await run.close();
    }
    expect((await endpoint()).status).toBe('ACTIVE');
  });

  it('SIGTERM in the middle of a repair stops cleanly; the next run finishes it', async () => {
    const ep = await endpoint();
    expect(await control('PATCH', `/projects/${PROJECT}/endpoints/${ep.id}`, { status: 'FAILED' })).toBe(200);
    // The simulated clock stands still, so the repair waits on Atlas for as long as the test wants.
    const run = spawnCliWhileClockRuns(world, ['reconcile', file, ...FAST], { moveClock: false });
    try {
      await run.until((text) => /Applying \d+ step/.test(text));
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      await run.close();
    }
    const out = run.stdout();
    const err = run.stderr();
    expect(out).toContain('Stopping cleanly: no new step starts');
    expect(out).toContain('Pass stopped.');
    expect(hasStackTrace(out + err)).toBe(false);
    expect((await driftJson()).code).toBe(2);
    const resumed = await drive(['reconcile', file, ...FAST]);
    expect(resumed.stdout).toContain('Pass done: repaired');
    expect(resumed.code).toBe(0);
    expect((await endpoint()).status).toBe('ACTIVE');
    const regions = JSON.parse((await world.cli(['status', '--project', PROJECT, '--format', 'json'])).stdout) as {
      projects: { endpoints: { regionName: string }[] }[];
    };
    // Nothing was lost or doubled: one endpoint per region.
    expect(regions.projects[0]!.endpoints.map((e) => e.regionName).sort()).toEqual(['EUROPE_NORTH', 'US_CENTRAL']);
    expect((await driftJson()).code).toBe(0);
  });

  it('refuses bad options with a usage message and no stack trace', async () => {
    const bad = await world.cli(['reconcile', file, '--watch', '--interval', 'soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--interval must be a duration');
    expect(hasStackTrace(bad.stderr)).toBe(false);
    const listen = await world.cli(['reconcile', file, '--listen', 'nope']);
    expect(listen.stderr).toContain('--listen takes HOST:PORT');
    const none = await world.cli(['drift']);
    expect(none.stderr).toContain('drift needs at least one PATH');
  });
});
