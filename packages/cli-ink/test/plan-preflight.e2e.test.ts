import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';
import { desired, startWorld, type World, verifyAndClose } from './world.js';

const SUBSCRIPTION = '009774e0-124f-4a69-83e0-ca8cd8acb4e2';
const KEY_VERSION = '78b9134f9bc94fda8027a32b4715bf3f';
const NOTICE = /^atlas-cmk: notice: the Azure pre-flight checks were skipped/m;
let world: World;
/** An Azure config folder without an az login, so the machine's own login cannot count as an identity. */
let emptyAzureConfig: string;
/** The world without any Azure identity: the app secret the desired state refers to stays. */
let noIdentity: Record<string, string | undefined>;

beforeAll(async () => {
  world = await startWorld();
  emptyAzureConfig = mkdtempSync(join(tmpdir(), 'atlas-cmk-no-az-'));
  noIdentity = {
    AZURE_TENANT_ID: undefined,
    AZURE_CLIENT_ID: undefined,
    AZURE_CONFIG_DIR: emptyAzureConfig,
  };
});
afterAll(async () => {
  rmSync(emptyAzureConfig, { recursive: true, force: true });
  await verifyAndClose(world);
});

/** A change through the simulator's control API, as a person makes it in the Azure portal. */
async function control(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${world.sim.urls.atlas}/__sim${path}`, { method, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The paths of the requests the simulator answered during `run`. */
async function requestsDuring(
  run: () => Promise<unknown>,
): Promise<{ method: string; path: string; status: number }[]> {
  const before = world.sim.requestLog().length;
  await run();
  return world.sim.requestLog().slice(before);
}

const isAtlas = (r: { path: string }): boolean => r.path.startsWith('/api/atlas/');
const text = desired({ regions: ['US_CENTRAL'], approval: 'azure' });

describe('plan runs the Azure pre-flight checks by default', () => {
  beforeEach(async () => {
    await fetch(`${world.sim.urls.atlas}/__sim/reset`, { method: 'POST' });
  });

  it('checks a ready Azure side with the identity and makes the plan, reading Azure only', async () => {
    world.write('ready.yaml', text);
    let r = { code: 0 as number | null, stdout: '', stderr: '' };
    const sent = await requestsDuring(async () => (r = await world.cli(['plan', 'ready.yaml'])));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Plan: \d+ to add/);
    expect(r.stderr).not.toMatch(NOTICE);
    const azure = sent.filter((s) => !isAtlas(s));
    expect(azure.some((s) => s.path.includes('/providers/Microsoft.KeyVault'))).toBe(true);
    expect(azure.some((s) => /\/azure\/keyvault\/kv-payments\/keys\/atlas\//.test(s.path))).toBe(true);
    expect(azure.filter((s) => s.method !== 'GET' && !/\/oauth2\/v2\.0\/token(\?|$)/.test(s.path))).toEqual([]);
  });

  it('stops on a disabled key: exit 1, the located finding with its fix, no plan saved, in every format', async () => {
    await control('PATCH', `/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`, { enabled: false });
    world.write('disabled.yaml', text);
    const r = await world.cli(['plan', 'disabled.yaml', '--out', 'disabled-plan.json', '--findings-out', 'd.sarif']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('atlas-cmk: the plan was stopped by these problems:');
    const line = text.split('\n').findIndex((l) => l.includes('keyIdentifier')) + 1;
    expect(r.stderr).toMatch(
      new RegExp(`disabled\\.yaml:${line}:\\d+\\s+error\\s+the key version atlas/${KEY_VERSION}`),
    );
    expect(r.stderr).toContain(
      `az keyvault key set-attributes --vault-name kv-payments --name atlas --version ${KEY_VERSION} --enabled true  [azure/key-usable]`,
    );
    expect(existsSync(join(world.dir, 'disabled-plan.json'))).toBe(false);
    const sarif = JSON.parse(readFileSync(join(world.dir, 'd.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['azure/key-usable']);

    for (const format of ['json', 'markdown']) {
      const other = await world.cli(['plan', 'disabled.yaml', '--format', format, '--out', 'disabled-plan.json']);
      expect(other.code, `${format}: ${other.stderr}`).toBe(1);
      expect(other.stdout).toBe('');
      expect(other.stderr).toContain('[azure/key-usable]');
      expect(existsSync(join(world.dir, 'disabled-plan.json'))).toBe(false);
    }
    const annotations = await world.cli(['plan', 'disabled.yaml', '--findings-format', 'github']);
    expect(annotations.code).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=disabled\.yaml,line=\d+,.*title=azure\/key-usable::/m);
  });

  it('stops on an unregistered resource provider, naming it at subscriptionID', async () => {
    await control('PUT', `/azure/subscriptions/${SUBSCRIPTION}/providers/Microsoft.KeyVault`, {
      registrationState: 'NotRegistered',
    });
    world.write('unregistered.yaml', text);
    const r = await world.cli(['plan', 'unregistered.yaml', '--format', 'json', '--out', 'unregistered-plan.json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `az provider register --namespace Microsoft.KeyVault --subscription ${SUBSCRIPTION}  [azure/provider-registered]`,
    );
    expect(existsSync(join(world.dir, 'unregistered-plan.json'))).toBe(false);
  });

  it('--skip-preflight plans without asking Azure anything: four Atlas reads for the project', async () => {
    await control('PATCH', `/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`, { enabled: false });
    world.write('skipped.yaml', text);
    let r = { code: 0 as number | null, stdout: '', stderr: '' };
    const sent = await requestsDuring(
      async () => (r = await world.cli(['plan', 'skipped.yaml', '--skip-preflight', '--out', 'skipped-plan.json'])),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(join(world.dir, 'skipped-plan.json'))).toBe(true);
    expect(sent.filter((s) => !isAtlas(s))).toEqual([]);
    // The one HTTP Digest challenge (401) of the run is not a read.
    expect(sent.filter((s) => s.method === 'GET' && s.status !== 401)).toHaveLength(4);
  });

  it('without any Azure identity: one notice on stderr, JSON stdout untouched, and the plan is made', async () => {
    world.write('no-identity.yaml', text);
    let r = { code: 0 as number | null, stdout: '', stderr: '' };
    const sent = await requestsDuring(
      async () => (r = await world.cli(['plan', 'no-identity.yaml', '--format', 'json'], { env: noIdentity })),
    );
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { projects: unknown[] }).projects).toHaveLength(1);
    expect(r.stderr.match(new RegExp(NOTICE.source, 'gm'))).toHaveLength(1);
    expect(r.stderr).toContain('no Azure identity is configured');
    expect(r.stderr).toContain('AZURE_TENANT_ID');
    expect(r.stderr).toContain('--skip-preflight');
    expect(sent.filter((s) => !isAtlas(s))).toEqual([]);

    const quiet = await world.cli(['plan', 'no-identity.yaml', '--skip-preflight'], { env: noIdentity });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('says nothing about Azure when no planned project enables customer-managed keys', async () => {
    world.write('cmk-off.yaml', desired({ enabled: false, requirePrivateNetworking: false, approval: 'manual' }));
    let r = { code: 0 as number | null, stdout: '', stderr: '' };
    const sent = await requestsDuring(async () => (r = await world.cli(['plan', 'cmk-off.yaml'], { env: noIdentity })));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(NOTICE);
    expect(sent.filter((s) => !isAtlas(s))).toEqual([]);
  });

  it('--preflight requires the identity: without one the plan fails saying what is missing', async () => {
    world.write('required.yaml', text);
    const r = await world.cli(['plan', 'required.yaml', '--preflight', '--out', 'required-plan.json'], {
      env: noIdentity,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toMatch(/^atlas-cmk: the Azure preflight needs the Azure identity: /m);
    expect(existsSync(join(world.dir, 'required-plan.json'))).toBe(false);
    const both = await world.cli(['plan', 'required.yaml', '--preflight', '--skip-preflight']);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/either --preflight .* or --skip-preflight .*, not both/);
  });

  it('a configured identity that cannot sign in fails the plan, naming the request and --skip-preflight', async () => {
    world.write('bad-identity.yaml', text);
    const r = await world.cli(['plan', 'bad-identity.yaml', '--out', 'bad-plan.json'], {
      env: { AZURE_CLIENT_ID: '00000000-0000-4000-8000-000000000000' },
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toMatch(/^atlas-cmk: the Azure preflight of project 66c9e8f1dd6c9960802420e9/m);
    expect(r.stderr).toMatch(/oauth2\/v2\.0\/token|sign in|sign-in/i);
    expect(r.stderr).toContain('--skip-preflight');
    expect(existsSync(join(world.dir, 'bad-plan.json'))).toBe(false);
  });

  it('a half-set app registration is an error, not a silent skip', async () => {
    world.write('half.yaml', text);
    const r = await world.cli(['plan', 'half.yaml'], { env: { AZURE_TENANT_ID: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('AZURE_TENANT_ID');
    expect(r.stderr).toContain('--skip-preflight');
  });
});

/** Reads only the pre-flight checks make (resource providers, Microsoft Graph, the Key Vault data plane). */
const isPreflightRead = (r: { path: string }): boolean =>
  /\/providers\/Microsoft\.(KeyVault|Network)\?|\/azure\/graph\/|\/azure\/keyvault\//.test(r.path);

describe('apply and the Azure pre-flight checks', () => {
  beforeEach(async () => {
    await fetch(`${world.sim.urls.atlas}/__sim/reset`, { method: 'POST' });
  });

  it('apply PATH… checks before it shows the plan: a failing check changes nothing', async () => {
    await control('PUT', `/azure/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Network`, {
      registrationState: 'NotRegistered',
    });
    world.write('apply-unready.yaml', text);
    let r = { code: 0 as number | null, stdout: '', stderr: '' };
    const sent = await requestsDuring(
      async () => (r = await world.cli(['apply', 'apply-unready.yaml', '--auto-approve', '--format', 'plain'])),
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toContain('atlas-cmk: nothing was applied; the plan was stopped by these problems:');
    expect(r.stderr).toContain('az provider register --namespace Microsoft.Network');
    expect(r.stdout).toBe('');
    // Only reads (and sign-in), and the plan's one probe DELETE of an endpoint id that cannot exist.
    const writes = sent.filter(
      (s) => s.method !== 'GET' && !/\/oauth2\/v2\.0\/token(\?|$)/.test(s.path) && !/\/0{24}$/.test(s.path),
    );
    expect(writes).toEqual([]);
  });

  it('apply --plan runs the reviewed plan without checking Azure again, and refuses the pre-flight options', async () => {
    world.write('saved.yaml', desired({}));
    const planned = await world.cli(['plan', 'saved.yaml', '--out', 'saved-plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
    let r = { code: 0 as number | null, stdout: '', stderr: '' };
    const sent = await requestsDuring(
      async () =>
        (r = await world.cli(['apply', '--plan', 'saved-plan.json', '--format', 'plain', '--poll-interval', '50ms'])),
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sent.filter(isPreflightRead)).toEqual([]);
    for (const option of ['--preflight', '--skip-preflight']) {
      const refused = await world.cli(['apply', '--plan', 'saved-plan.json', option]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${'--preflight and --skip-preflight belong to atlas-cmk plan'}`);
    }
  });
});
