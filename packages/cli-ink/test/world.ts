import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSimulator, type RunningSim } from '@atlas-cmk/atlas-sim';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { BIN, REPO_ROOT, runCli, type CliResult } from './run-cli.js';

/**
 * Canary credentials: every end-to-end world uses them, and tests assert they never appear in anything the CLI
 * prints or writes (stdout, stderr, plan files, NDJSON events).
 */
export const CANARY = {
  atlasPrivateKey: 'canary-atlas-private-key-7Hq2Zr',
  azureClientSecret: 'canary-azure-client-secret-Vx93Lp',
  serviceAccountSecret: 'mdb_sa_sk_canary_Qm4Tn8Wc2Ry6',
} as const;

export const PROJECT = '66c9e8f1dd6c9960802420e9';
export const KEY_V1 = 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f';

interface Fixture {
  timing?: Record<string, number>;
  apiKeys: { publicKey: string; privateKey: string }[];
  serviceAccounts?: { clientId: string; clientSecret: string }[];
  azure: {
    apps: { clientSecret: string; clientId: string; tenantId: string }[];
    vaults: { keys: { versions: { version: string }[] }[] }[];
  };
}

/** The example world with canary secrets in place of the example ones. */
export function canaryFixture(): Fixture {
  const fixture = parse(readFileSync(join(REPO_ROOT, 'examples/sim-fixture.yaml'), 'utf8')) as Fixture;
  fixture.apiKeys[0]!.privateKey = CANARY.atlasPrivateKey;
  if (fixture.serviceAccounts?.[0]) fixture.serviceAccounts[0].clientSecret = CANARY.serviceAccountSecret;
  fixture.azure.apps[0]!.clientSecret = CANARY.azureClientSecret;
  return fixture;
}

/** A running simulator (fast clock, conformance mode), a temp folder for files, and the CLI environment for both. */
export interface World {
  sim: RunningSim;
  dir: string;
  env: Record<string, string>;
  outputs: string[];
  cli(args: string[], options?: { env?: Record<string, string | undefined>; input?: string }): Promise<CliResult>;
  write(name: string, text: string): string;
  /** Approve (or reject) a Key Vault private endpoint connection the way a person does with `az`: Entra token, then ARM PUT. */
  azureConnection(connectionName: string, status: 'Approved' | 'Rejected'): Promise<number>;
  listConnections(): Promise<{ name: string; properties: { privateLinkServiceConnectionState: { status: string } } }[]>;
  close(): Promise<void>;
}

export async function startWorld(options: { timeScale?: number } = {}): Promise<World> {
  const fixture = canaryFixture();
  const sim = await startSimulator({
    fixture: fixture as never,
    timeScale: options.timeScale ?? 600,
    validateResponses: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-e2e-'));
  const app = fixture.azure.apps[0]!;
  const env: Record<string, string> = {
    MONGODB_ATLAS_BASE_URL: sim.urls.atlas,
    MONGODB_ATLAS_PUBLIC_API_KEY: fixture.apiKeys[0]!.publicKey,
    MONGODB_ATLAS_PRIVATE_API_KEY: CANARY.atlasPrivateKey,
    AZURE_CLIENT_SECRET: CANARY.azureClientSecret,
    AZURE_TENANT_ID: app.tenantId,
    AZURE_CLIENT_ID: app.clientId,
    // Entra ID over HTTPS: the CLI signs in through @azure/identity, whose MSAL refuses a plain-http authority.
    AZURE_AUTHORITY_HOST: sim.urls.loginHttps,
    NODE_EXTRA_CA_CERTS: sim.caCertificatePath,
    ATLAS_CMK_AZURE_ARM_URL: sim.urls.arm,
    // The Key Vault data plane and Microsoft Graph of the simulator, for the pre-flight checks plan runs by default.
    ATLAS_CMK_AZURE_KEYVAULT_URL: sim.urls.keyVault,
    ATLAS_CMK_GRAPH_URL: `${sim.urls.atlas}/azure/graph`,
  };
  const outputs: string[] = [];
  const armBase = `${sim.urls.arm}/subscriptions/009774e0-124f-4a69-83e0-ca8cd8acb4e2/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments/privateEndpointConnections`;
  const token = async (): Promise<string> => {
    const res = await fetch(`${sim.urls.login}/${app.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: app.clientId,
        client_secret: CANARY.azureClientSecret,
        scope: 'https://management.azure.com/.default',
        grant_type: 'client_credentials',
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  return {
    sim,
    dir,
    env,
    outputs,
    async cli(args, o = {}) {
      const r = await runCli(args, {
        cwd: dir,
        env: { ...env, ...o.env },
        ...(o.input !== undefined ? { input: o.input } : {}),
      });
      outputs.push(r.stdout, r.stderr);
      return r;
    },
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    async azureConnection(name, status) {
      const res = await fetch(`${armBase}/${name}?api-version=2023-07-01`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          properties: { privateLinkServiceConnectionState: { status, description: `${status} by a person` } },
        }),
      });
      return res.status;
    },
    async listConnections() {
      const res = await fetch(`${armBase}?api-version=2023-07-01`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      return ((await res.json()) as { value: never[] }).value;
    },
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A desired-state document for the example project, with the parts a flow changes. */
export function desired(over: {
  enabled?: boolean;
  requirePrivateNetworking?: boolean;
  regions?: string[];
  approval?: 'manual' | 'azure';
  keyIdentifier?: string;
  clusters?: { name: string; encryptionAtRest: boolean; paused?: boolean }[];
  waivers?: string;
}): string {
  const regions = over.regions ?? [];
  const clusters = over.clusters ?? [];
  return [
    'apiVersion: atlas-cmk/v1',
    'kind: ProjectEncryption',
    'metadata:',
    '  name: payments-prod',
    'spec:',
    `  projectId: ${PROJECT}`,
    '  azureKeyVault:',
    `    enabled: ${over.enabled ?? true}`,
    '    azureEnvironment: AZURE',
    '    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6',
    '    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c',
    '    secret: ${env:AZURE_CLIENT_SECRET}',
    '    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2',
    '    resourceGroupName: rg-payments',
    '    keyVaultName: kv-payments',
    `    keyIdentifier: ${over.keyIdentifier ?? KEY_V1}`,
    `    requirePrivateNetworking: ${over.requirePrivateNetworking ?? regions.length > 0}`,
    '  privateEndpoints:',
    `    regions: [${regions.join(', ')}]`,
    `    approval: ${over.approval ?? 'azure'}`,
    '  clusters:',
    ...(clusters.length === 0
      ? ['    []']
      : clusters.flatMap((c) => [
          `    - name: ${c.name}`,
          `      encryptionAtRest: ${c.encryptionAtRest}`,
          ...(c.paused === undefined ? [] : [`      paused: ${c.paused}`]),
        ])),
    ...(over.waivers ? ['  waivers:', over.waivers] : []),
    '',
  ].join('\n');
}

/** The step kinds of a JSON plan's first project, in order. */
export function stepKinds(planJson: string): { id: string; kind: string; target: string; dependsOn: string[] }[] {
  const plan = JSON.parse(planJson) as {
    projects: { steps: { id: string; kind: string; target: string; dependsOn: string[] }[] }[];
  };
  return plan.projects[0]?.steps ?? [];
}

/**
 * End of an end-to-end suite: no canary secret in anything the CLI printed, every simulator answer and every
 * request of our client within the contract; then the world is closed.
 */
export async function verifyAndClose(world: World): Promise<void> {
  try {
    for (const out of world.outputs) for (const canary of Object.values(CANARY)) expect(out).not.toContain(canary);
    expect(world.sim.contractViolations()).toEqual([]);
    expect(world.sim.requestViolations()).toEqual([]);
  } finally {
    await world.close();
  }
}

/**
 * Run the CLI while moving the world's simulated clock 10 s every 20 ms (about 500 times real time), so waits for
 * Atlas (endpoints, clusters) pass quickly without a scaled clock.
 */
export async function cliWhileClockRuns(world: World, args: string[]): Promise<CliResult> {
  let done = false;
  const run = world.cli(args).finally(() => (done = true));
  while (!done) {
    await world.sim.advance(10);
    await new Promise((r) => setTimeout(r, 20));
  }
  return run;
}

/** A CLI process left running (`reconcile --watch`) while the world's simulated clock moves. */
export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** Resolves once `predicate` holds for the standard output so far; rejects if the process ends first. */
  until(predicate: (stdout: string) => boolean): Promise<void>;
  /** Stops the clock, kills the process if it still runs, and keeps its output for the world's secret check. */
  close(): Promise<void>;
}

/**
 * Start the CLI and move the world's simulated clock 10 s every 20 ms until {@link RunningCli.close}; with
 * `moveClock: false` the clock stands still, so the process waits on Atlas for as long as the test wants.
 */
export function spawnCliWhileClockRuns(
  world: World,
  args: string[],
  options: { moveClock?: boolean } = {},
): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: world.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...world.env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let running = options.moveClock !== false;
  const clock = (async () => {
    while (running) {
      await world.sim.advance(10);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async until(predicate) {
      while (!predicate(out)) {
        if (child.exitCode !== null) throw new Error(`${args[0] ?? 'the CLI'} exited early:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      running = false;
      await clock;
      if (child.exitCode === null) child.kill('SIGKILL');
      world.outputs.push(out, err);
    },
  };
}
