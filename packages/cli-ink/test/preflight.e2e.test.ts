import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli } from './run-cli.js';
import { desired, startWorld, type World, verifyAndClose } from './world.js';

const SUBSCRIPTION = '009774e0-124f-4a69-83e0-ca8cd8acb4e2';
const CLIENT_ID = 'b054a9ff-b60a-4cb6-8df6-20726eaefce6';
const KEY_VERSION = '78b9134f9bc94fda8027a32b4715bf3f';
let world: World;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startWorld();
  env = {
    ATLAS_CMK_AZURE_KEYVAULT_URL: world.sim.urls.keyVault,
    ATLAS_CMK_GRAPH_URL: `${world.sim.urls.atlas}/azure/graph`,
  };
});
afterAll(async () => {
  await verifyAndClose(world);
});

/** A change through the simulator's control API, as a person makes it in the Azure portal. */
async function control(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${world.sim.urls.atlas}/__sim${path}`, { method, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

/** Every request the simulator was sent since the last reset, as `METHOD path`. */
async function requests(): Promise<string[]> {
  const res = await fetch(`${world.sim.urls.atlas}/__sim/requests`);
  const log = (await res.json()) as { requests: { method: string; path: string }[] };
  return log.requests.map((r) => `${r.method} ${r.path}`);
}

const text = desired({ regions: ['US_CENTRAL'], approval: 'azure' });

describe('atlas-cmk preflight', () => {
  beforeEach(async () => {
    await fetch(`${world.sim.urls.atlas}/__sim/reset`, { method: 'POST' });
  });

  it('passes a ready Azure side, and only reads', async () => {
    world.write('ready.yaml', text);
    await fetch(`${world.sim.urls.atlas}/__sim/requests`, { method: 'DELETE' });
    const r = await world.cli(['preflight', 'ready.yaml'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('✓ 1 file checked, no problems.');
    const sent = await requests();
    expect(sent.filter((s) => !s.startsWith('GET ') && !/\/oauth2\/v2\.0\/token(\?|$)/.test(s))).toEqual([]);
    expect(sent.some((s) => s.includes('/providers/Microsoft.Authorization/permissions'))).toBe(true);
    expect(sent.some((s) => /\/azure\/keyvault\/kv-payments\/keys\/atlas\//.test(s))).toBe(true);
  });

  it('names each unready part at its field, with its check id and the exact az fix, in text, JSON and SARIF', async () => {
    await control('PUT', `/azure/subscriptions/${SUBSCRIPTION}/providers/Microsoft.KeyVault`, {
      registrationState: 'NotRegistered',
    });
    await control('PUT', `/azure/apps/${CLIENT_ID}/permissions`, { actions: ['*/read'] });
    await control('PATCH', `/azure/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`, {
      keyOps: ['sign', 'verify'],
      notBefore: '2099-01-01T00:00:00Z',
    });
    world.write('unready.yaml', text);
    const r = await world.cli(['preflight', 'unready.yaml'], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    const at = (needle: string) => `unready.yaml:${lineOf(text, needle)}:`;
    expect(r.stdout).toContain(
      `${at('subscriptionID')}21  error  the Microsoft.KeyVault resource provider is NotRegistered in subscription ${SUBSCRIPTION}`,
    );
    expect(r.stdout).toContain(
      `az provider register --namespace Microsoft.KeyVault --subscription ${SUBSCRIPTION}  [azure/provider-registered]`,
    );
    expect(r.stdout).toContain(`is not valid before 2099-01-01T00:00:00Z`);
    expect(r.stdout).toContain(`--ops wrapKey unwrapKey encrypt decrypt  [azure/key-usable]`);
    expect(r.stdout).toContain(
      `${at('approval: azure')}15  error  approval: azure, but the signed-in identity may not Microsoft.KeyVault/vaults/privateEndpointConnections/write on vault kv-payments`,
    );
    expect(r.stdout).toContain(`az role assignment create --assignee ${CLIENT_ID} --role "Key Vault Contributor"`);
    expect(r.stdout).toContain('1 file checked: 4 errors, 0 warnings.');

    const json = await world.cli(['preflight', 'unready.yaml', '--format', 'json'], { env });
    const report = JSON.parse(json.stdout) as { findings: { ruleId: string; line: number }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual([
      'azure/provider-registered',
      'azure/key-usable',
      'azure/key-usable',
      'azure/approver-can-write-connections',
    ]);
    const sarif = await world.cli(['preflight', 'unready.yaml', '--format', 'sarif', '-o', 'preflight.sarif'], { env });
    expect(sarif.code).toBe(1);
    const doc = JSON.parse(readFileSync(join(world.dir, 'preflight.sarif'), 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
    };
    expect(doc.runs[0]!.tool.driver.rules.map((x) => x.id)).toEqual([
      'azure/app-secret-not-expiring',
      'azure/approver-can-write-connections',
      'azure/key-usable',
      'azure/provider-registered',
      'azure/vault-exists',
    ]);
    expect(doc.runs[0]!.results).toHaveLength(4);
    const gh = await world.cli(['preflight', 'unready.yaml', '--format', 'github'], { env });
    expect(gh.stdout).toMatch(/^::error file=unready\.yaml,line=\d+,col=21,.*title=azure\/provider-registered::/m);
  });

  it('warns, naming the permission, when the identity may not read what a check needs; plan still plans', async () => {
    // An approver identity without the Microsoft Graph permission Application.Read.All: common, and no sign that
    // Atlas's client secret is about to expire.
    await control('PUT', `/azure/apps/${CLIENT_ID}/graph-permissions`, { applicationReadAll: false });
    world.write('no-graph.yaml', text);
    const r = await world.cli(['preflight', 'no-graph.yaml'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `warning  could not check the client secrets of the app registration ${CLIENT_ID} in Microsoft Graph: the signed-in identity may not read it (Authorization_RequestDenied); grant it the Microsoft Graph application permission Application.Read.All`,
    );
    expect(r.stdout).toContain('[azure/app-secret-not-expiring]');
    expect(r.stdout).toContain('1 file checked: 0 errors, 1 warning.');
    const plan = await world.cli(['plan', 'no-graph.yaml'], { env });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout + plan.stderr).toContain('Application.Read.All');
  });

  it('says a vault that does not exist, and a disabled key, with their fixes', async () => {
    world.write('no-vault.yaml', text.replace('keyVaultName: kv-payments', 'keyVaultName: kv-paymnets'));
    const missing = await world.cli(['preflight', 'no-vault.yaml'], { env });
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stdout).toContain(
      'no key vault kv-paymnets in resource group rg-payments of subscription 009774e0-124f-4a69-83e0-ca8cd8acb4e2 (ResourceNotFound)',
    );
    expect(missing.stdout).toContain('az keyvault create --name kv-paymnets --resource-group rg-payments');
    expect(missing.stdout).toContain('[azure/vault-exists]');

    const res = await fetch(`${world.sim.urls.atlas}/__sim/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false }),
    });
    expect(res.status).toBe(200);
    world.write('disabled.yaml', text);
    const disabled = await world.cli(['preflight', 'disabled.yaml'], { env });
    expect(disabled.code).toBe(1);
    expect(disabled.stdout).toContain(
      `is disabled, so Atlas cannot use it: enable it with: az keyvault key set-attributes --vault-name kv-payments --name atlas --version ${KEY_VERSION} --enabled true  [azure/key-usable]`,
    );
  });

  it('keeps the simulator consistent: an identity without write permission cannot approve either', async () => {
    await control('PUT', `/azure/apps/${CLIENT_ID}/permissions`, {
      actions: ['Microsoft.KeyVault/*'],
      notActions: ['Microsoft.KeyVault/vaults/privateEndpointConnections/write'],
    });
    world.write('denied.yaml', text);
    const r = await world.cli(['preflight', 'denied.yaml'], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('[azure/approver-can-write-connections]');
  });

  it("reports Atlas's app secret when every secret expires within the window, and none at all", async () => {
    const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
    await control('PUT', `/azure/apps/${CLIENT_ID}/password-credentials`, {
      passwordCredentials: [{ endDateTime: '2020-01-01T00:00:00Z' }, { endDateTime: inTenDays }],
    });
    world.write('secret.yaml', text);
    const soon = await world.cli(['preflight', 'secret.yaml'], { env });
    expect(soon.code).toBe(1);
    expect(soon.stdout).toMatch(
      new RegExp(
        `secret\\.yaml:${lineOf(text, 'secret:')}:13  error  every client secret of the app registration ${CLIENT_ID} expires by \\S+, within 30 days: .*az ad app credential reset --id ${CLIENT_ID} --append --years 1.*atlas-cmk plan --rotate-secret 66c9e8f1dd6c9960802420e9  \\[azure/app-secret-not-expiring\\]`,
      ),
    );
    // A narrower window lets it pass.
    expect((await world.cli(['preflight', 'secret.yaml', '--secret-expiry-days', '5'], { env })).code).toBe(0);
    await control('PUT', `/azure/apps/${CLIENT_ID}/password-credentials`, { passwordCredentials: [] });
    const none = await world.cli(['preflight', 'secret.yaml'], { env });
    expect(none.stdout).toContain(`the app registration ${CLIENT_ID} has no client secret`);
    const bad = await world.cli(['preflight', 'secret.yaml', '--secret-expiry-days', 'soon'], { env });
    expect(bad.code).toBe(2);
  });

  it('runs inside plan: a failing check stops the plan before anything is saved', async () => {
    world.write('planned.yaml', text);
    const ready = await world.cli(['plan', 'planned.yaml', '--preflight'], { env });
    expect(ready.code, ready.stderr).toBe(0);
    expect(ready.stdout).toMatch(/Plan: \d+ to add/);
    await control('PUT', `/azure/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Network`, {
      registrationState: 'NotRegistered',
    });
    const stopped = await world.cli(
      ['plan', 'planned.yaml', '--preflight', '--out', 'plan.json', '--findings-out', 'plan.sarif'],
      { env },
    );
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toContain('atlas-cmk: the plan was stopped by these problems:');
    expect(stopped.stderr).toContain('az provider register --namespace Microsoft.Network');
    expect(() => readFileSync(join(world.dir, 'plan.json'))).toThrow();
    const sarif = JSON.parse(readFileSync(join(world.dir, 'plan.sarif'), 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['azure/provider-registered']);
    expect(sarif.runs[0]!.tool.driver.rules.some((x) => x.id === 'azure/provider-registered')).toBe(true);
    // The same checks run by default; --skip-preflight plans without asking Azure.
    const byDefault = await world.cli(['plan', 'planned.yaml'], { env });
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toContain('[azure/provider-registered]');
    expect((await world.cli(['plan', 'planned.yaml', '--skip-preflight'], { env })).code).toBe(0);
  });

  it('exits 2 with what is missing when there is no Azure identity', async () => {
    world.write('ready.yaml', text);
    const r = await world.cli(['preflight', 'ready.yaml'], {
      env: {
        ...env,
        AZURE_CLIENT_SECRET: undefined,
        AZURE_TENANT_ID: undefined,
        AZURE_CLIENT_ID: undefined,
        AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9',
      },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^atlas-cmk: the Azure preflight/m);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('preflight against atlas-cmk sim with only its --env file', () => {
  it('signs in over HTTPS and reads the providers, vault, key, permissions and app secrets from the exported URLs', async () => {
    const envFile = join(world.dir, 'sim.env');
    const child = spawn(process.execPath, [BIN, 'sim', '--json', '--env', envFile], {
      cwd: world.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`atlas-cmk sim exited with ${code}`)));
      });
      const env: Record<string, string> = {};
      for (const line of readFileSync(envFile, 'utf8').split('\n')) {
        const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
        if (m) env[m[1]!] = m[2]!;
      }
      expect(env['ATLAS_CMK_AZURE_KEYVAULT_URL']).toMatch(
        /^https:\/\/127\.0\.0\.1:\d+\/azure\/keyvault\/\{vaultName\}$/,
      );
      expect(env['ATLAS_CMK_GRAPH_URL']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/azure\/graph$/);
      world.write('env-only.yaml', text);
      const r = await runCli(['preflight', 'env-only.yaml'], { cwd: world.dir, env });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('✓ 1 file checked, no problems.');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
