import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { desired, KEY_V1, PROJECT } from './world.js';

/**
 * The Azure side as the Azure CLI sees it: `atlas-cmk sim --env FILE` is started as users start it, the export
 * lines it writes are the only settings, and Debian's `az` (2.45) signs in, lists, shows, approves, rejects and
 * deletes the Key Vault private endpoint connection that `atlas-cmk apply` (approval: manual) waits for.
 */

const az = spawnSync('az', ['version'], { encoding: 'utf8' });
if (az.status !== 0)
  throw new Error(
    'the Azure CLI (`az`) is missing: install it (Debian: apt-get install -y azure-cli) to run this test',
  );

const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-az-'));
const envFile = join(dir, 'sim.env');
let sim: ChildProcess;
let env: Record<string, string>;
let azEnv: Record<string, string>;

/** The `export NAME='value'` lines of the env file. */
function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return out;
}

interface AzResult {
  code: number | null;
  json: unknown;
  stderr: string;
}

/** Run `az ARGS…` with the private config folder and the env file's settings, nothing else from this machine. */
function runAz(args: string[]): Promise<AzResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('az', [...args, '--output', 'json'], { env: azEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, json: stdout.trim() === '' ? undefined : JSON.parse(stdout), stderr }));
  });
}

/** The simulator's world through its control API. */
async function simState(): Promise<{
  vaults: { name: string; connections: { name: string; status: string }[] }[];
  projects: {
    id: string;
    endpoints: { regionName: string; status: string; connectionName?: string }[];
  }[];
}> {
  const res = await fetch(`${env['MONGODB_ATLAS_BASE_URL']}/__sim/state`);
  return (await res.json()) as never;
}

async function connectionsOfVault(): Promise<{ name: string; status: string }[]> {
  return (await simState()).vaults.find((v) => v.name === 'kv-payments')?.connections ?? [];
}

const vaultPath = `/subscriptions/009774e0-124f-4a69-83e0-ca8cd8acb4e2/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;

beforeAll(async () => {
  sim = spawn(process.execPath, [BIN, 'sim', '--env', envFile, '--time-scale', '30'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    sim.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('Press Ctrl-C to stop.')) resolve();
    });
    sim.on('exit', (code) => reject(new Error(`atlas-cmk sim exited with ${code}: ${out}`)));
  });
  env = readEnvFile(envFile);
  azEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AZURE_CONFIG_DIR: join(dir, 'az-config'),
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    REQUESTS_CA_BUNDLE: env['REQUESTS_CA_BUNDLE']!,
  };
}, 60_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = new Promise((r) => sim.once('exit', r));
    sim.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the Azure CLI against atlas-cmk sim', () => {
  it('writes the env file owner-only with every setting a user needs', () => {
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    for (const name of [
      'MONGODB_ATLAS_BASE_URL',
      'MONGODB_ATLAS_PUBLIC_API_KEY',
      'MONGODB_ATLAS_PRIVATE_API_KEY',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_AUTHORITY_HOST',
      'ATLAS_CMK_AZURE_ARM_URL',
      'NODE_EXTRA_CA_CERTS',
      'REQUESTS_CA_BUNDLE',
    ])
      expect(env[name], name).toMatch(/./);
    expect(env['AZURE_AUTHORITY_HOST']).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(env['ATLAS_CMK_AZURE_ARM_URL']).toMatch(/^https:\/\//);
    // The certificate is a leaf made for this run, not a CA that could vouch for other names.
    const cert = spawnSync('openssl', ['x509', '-in', env['REQUESTS_CA_BUNDLE']!, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(cert.stdout).toMatch(/CA:FALSE/);
    expect(cert.stdout).toMatch(
      /DNS:localhost, DNS:\*\.vault\.localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/,
    );
  });

  it('registers the cloud and signs in with a service principal', async () => {
    const register = readFileSync(envFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('# az cloud register'))!
      .slice(2);
    const shell = spawnSync('sh', ['-c', register], { env: azEnv, encoding: 'utf8' });
    expect(shell.stderr).not.toMatch(/ERROR/);
    expect(shell.stderr).toContain("Switched active cloud to 'AtlasSim'");
    expect(shell.status).toBe(0);
    const login = await runAz([
      'login',
      '--service-principal',
      '-u',
      env['AZURE_CLIENT_ID']!,
      '-p',
      env['AZURE_CLIENT_SECRET']!,
      '--tenant',
      env['AZURE_TENANT_ID']!,
    ]);
    expect(login.stderr).toBe('');
    expect(login.json).toEqual([
      expect.objectContaining({
        cloudName: 'AtlasSim',
        id: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        tenantId: env['AZURE_TENANT_ID'],
        state: 'Enabled',
        user: { name: env['AZURE_CLIENT_ID'], type: 'servicePrincipal' },
      }),
    ]);
  }, 120_000);

  it('approves the connection atlas-cmk apply waits for, then rejects and deletes it', async () => {
    const file = join(dir, 'payments.yaml');
    writeFileSync(file, desired({ regions: ['US_CENTRAL'], approval: 'manual' }));
    const apply = spawn(
      process.execPath,
      [BIN, 'apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '100ms'],
      { cwd: dir, env: { ...env, PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let applyOut = '';
    apply.stdout!.setEncoding('utf8').on('data', (d: string) => (applyOut += d));
    apply.stderr!.setEncoding('utf8').on('data', (d: string) => (applyOut += d));
    const applyExit = new Promise<number | null>((r) => apply.once('exit', r));
    // apply says how to approve once Atlas has asked Azure for the connection.
    let approveLine: string | undefined;
    while (!approveLine) {
      approveLine = /^.*(az keyvault private-endpoint-connection approve .*)$/m.exec(applyOut)?.[1];
      if (!approveLine) {
        if (apply.exitCode !== null) throw new Error(`apply exited early:\n${applyOut}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const pending = (await connectionsOfVault()).find((c) => c.status === 'Pending');
    expect(pending, 'a pending connection in the vault').toBeDefined();
    const name = pending!.name;
    expect(approveLine).toContain(`--name ${name}`);

    const listUrl = `${env['ATLAS_CMK_AZURE_ARM_URL']}${vaultPath}/privateEndpointConnections?api-version=2023-07-01`;
    const list = await runAz(['rest', '--method', 'get', '--url', listUrl]);
    expect(list.stderr).toBe('');
    expect(list.json).toMatchObject({
      value: [{ name, properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }],
    });
    const pec = ['keyvault', 'private-endpoint-connection'];
    const target = ['-g', 'rg-payments', '--vault-name', 'kv-payments', '-n', name];
    const show = await runAz([...pec, 'show', ...target]);
    expect(show.stderr).toBe('');
    expect(show.json).toMatchObject({ name, privateLinkServiceConnectionState: { status: 'Pending' } });

    // What a person does: run the command apply printed, as printed.
    const approved = spawnSync('sh', ['-c', `${approveLine} --output json`], { env: azEnv, encoding: 'utf8' });
    expect(approved.stderr).toBe('');
    expect(JSON.parse(approved.stdout)).toMatchObject({
      name,
      privateLinkServiceConnectionState: { status: 'Approved' },
    });
    expect(await applyExit, applyOut).toBe(0);
    expect(applyOut).toMatch(/US_CENTRAL/);
    const active = (await simState()).projects.find((p) => p.id === PROJECT)!.endpoints;
    expect(active).toEqual([expect.objectContaining({ regionName: 'US_CENTRAL', status: 'ACTIVE' })]);
    expect(await connectionsOfVault()).toEqual([expect.objectContaining({ name, status: 'Approved' })]);

    const rejected = await runAz([...pec, 'reject', ...target, '--description', 'not this one']);
    expect(rejected.stderr).toBe('');
    expect(rejected.json).toMatchObject({
      privateLinkServiceConnectionState: { status: 'Rejected', description: 'not this one' },
    });
    // Atlas sees the rejection: PENDING_RECREATION, then (20 simulated seconds later) a new endpoint of its own.
    const [afterReject, ...others] = (await simState()).projects.find((p) => p.id === PROJECT)!.endpoints;
    expect(others).toEqual([]);
    expect(afterReject!.connectionName === name ? afterReject!.status : `recreated as ${afterReject!.status}`).toMatch(
      /^(PENDING_RECREATION|recreated as (INITIATING|PENDING_ACCEPTANCE))$/,
    );

    const deleted = await runAz([...pec, 'delete', ...target]);
    expect(deleted.stderr).toBe('');
    expect(deleted.code).toBe(0);
    // Atlas recreates a rejected endpoint, so a new connection may appear at any time: the deleted one is gone.
    expect((await connectionsOfVault()).map((c) => c.name)).not.toContain(name);
    const afterDelete = await runAz(['rest', '--method', 'get', '--url', listUrl]);
    expect((afterDelete.json as { value: { name: string }[] }).value.map((c) => c.name)).not.toContain(name);
  }, 300_000);

  it('reads the key through the Key Vault data plane with a token az got for it', async () => {
    const [, , vault, , keyName, version] = KEY_V1.split('/');
    expect(vault).toBe('kv-payments.vault.azure.net');
    const url = `${env['AZURE_AUTHORITY_HOST']}/azure/keyvault/kv-payments/keys/${keyName}/${version}?api-version=7.4-preview.1`;
    const key = await runAz(['rest', '--method', 'get', '--url', url, '--resource', 'https://vault.azure.net']);
    expect(key.stderr).toBe('');
    expect(key.json).toMatchObject({ key: { kid: KEY_V1, kty: 'RSA' }, attributes: { enabled: true } });
  }, 120_000);

  it("the Azure SDK for Python reads the key by the vault's name and lists connections through ARM", async () => {
    // The SDKs build a vault's URL from its name and accept a challenge only from a resource above that host, so
    // the vault is reached by name through the simulator's proxy, as the env file's comment says.
    const lines = readFileSync(envFile, 'utf8').split('\n');
    const proxy = /^# HTTPS_PROXY='([^']+)' NO_PROXY='([^']+)'/.exec(
      lines.find((l) => l.startsWith('# HTTPS_PROXY=')) ?? '',
    );
    const vaultUrl = /(https:\/\/\{vaultName\}\.vault\.localhost:\d+)/.exec(
      lines.find((l) => l.startsWith('# A vault by name')) ?? '',
    )?.[1];
    expect(proxy, 'proxy line').not.toBeNull();
    expect(vaultUrl, 'vault line').toBeDefined();
    const script = join(dir, 'sdk.py');
    writeFileSync(
      script,
      [
        'import json, os, sys',
        'from azure.identity import ClientSecretCredential',
        'from azure.keyvault.keys import KeyClient',
        'from azure.mgmt.keyvault import KeyVaultManagementClient',
        'e = os.environ',
        // Debian's azure-identity 1.13 names the switch `instance_discovery` (later `disable_instance_discovery`).
        "cred = ClientSecretCredential(e['AZURE_TENANT_ID'], e['AZURE_CLIENT_ID'], e['AZURE_CLIENT_SECRET'], authority=e['AZURE_AUTHORITY_HOST'], instance_discovery=False)",
        "key = KeyClient(vault_url=sys.argv[1], credential=cred).get_key('atlas')",
        "arm = KeyVaultManagementClient(cred, sys.argv[2], base_url=e['ATLAS_CMK_AZURE_ARM_URL'], credential_scopes=['https://management.core.windows.net//.default'])",
        "names = [c.name for c in arm.private_endpoint_connections.list_by_resource('rg-payments', 'kv-payments')]",
        "print(json.dumps({'kid': key.id, 'enabled': key.properties.enabled, 'connections': names}))",
        '',
      ].join('\n'),
    );
    const python = spawnSync(
      '/usr/bin/python3',
      [script, vaultUrl!.replace('{vaultName}', 'kv-payments'), '009774e0-124f-4a69-83e0-ca8cd8acb4e2'],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          HTTPS_PROXY: proxy![1]!,
          NO_PROXY: proxy![2]!,
          REQUESTS_CA_BUNDLE: env['REQUESTS_CA_BUNDLE']!,
          AZURE_TENANT_ID: env['AZURE_TENANT_ID']!,
          AZURE_CLIENT_ID: env['AZURE_CLIENT_ID']!,
          AZURE_CLIENT_SECRET: env['AZURE_CLIENT_SECRET']!,
          AZURE_AUTHORITY_HOST: env['AZURE_AUTHORITY_HOST']!,
          ATLAS_CMK_AZURE_ARM_URL: env['ATLAS_CMK_AZURE_ARM_URL']!,
        },
      },
    );
    expect(python.stderr).toBe('');
    const latest = 'https://kv-payments.vault.azure.net/keys/atlas/0c5d7e3a9b1f4d2e8a6c4b2f1e3d5c7a';
    const answer = JSON.parse(python.stdout) as { kid: string; enabled: boolean; connections: string[] };
    expect(answer).toMatchObject({ kid: latest, enabled: true });
    // Connections only appear meanwhile (Atlas recreates the rejected endpoint): what ARM listed still exists.
    const now = (await connectionsOfVault()).map((c) => c.name);
    for (const listed of answer.connections) expect(now).toContain(listed);
  }, 120_000);
});
