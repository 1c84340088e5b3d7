import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type CliResult } from './run-cli.js';
import { desired, KEY_V1, PROJECT, startWorld, type World, verifyAndClose, cliWhileClockRuns } from './world.js';

/**
 * `atlas-cmk status` end to end, against atlas-sim. The simulated clock nearly stands still (timeScale 0.001), and
 * the test moves it: fast while an apply runs, in exact steps while it watches an endpoint go through its statuses,
 * so every status is observed for certain rather than raced.
 */

const BOTH = ['US_CENTRAL', 'EUROPE_NORTH'];
const STATE = desired({ regions: BOTH, clusters: [{ name: 'orders', encryptionAtRest: true }] });
const KEY_VERSION = KEY_V1.split('/').at(-1)!;

interface StatusJson {
  formatVersion: number;
  projects: {
    projectId: string;
    projectName: string;
    document: { name: string; file: string } | null;
    encryption: { enabled: boolean; valid: boolean | null; keyName: string; keyVersion: string };
    endpoints: {
      id: string;
      regionName: string;
      status: string;
      privateEndpointConnectionName: string | null;
      next: { text: string; command: string | null };
    }[];
    clusters: { name: string; encryptionAtRestProvider: string; paused: boolean; tiers: string[] }[];
    callouts: { code: string; subject: string | null; message: string }[];
  }[];
  failures: { projectId: string; reason: string; message: string }[];
}

let world: World;
let file: string;

/** Run the CLI while the simulated clock runs. */
function drive(args: string[]): Promise<CliResult> {
  return cliWhileClockRuns(world, args);
}

async function statusJson(...args: string[]): Promise<StatusJson> {
  const r = await world.cli(['status', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as StatusJson;
}

async function endpointsOf(region: string): Promise<StatusJson['projects'][number]['endpoints']> {
  const doc = await statusJson('--project', PROJECT);
  return doc.projects[0]!.endpoints.filter((e) => e.regionName === region);
}

beforeAll(async () => {
  world = await startWorld({ timeScale: 0.001 });
  file = world.write('payments.yaml', STATE);
  const applied = await drive(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
  expect(applied.stdout).toContain('Apply complete');
  expect(applied.code).toBe(0);
});

afterAll(async () => {
  await verifyAndClose(world);
});

describe('atlas-cmk status against atlas-sim', () => {
  it('shows the configuration, every endpoint ACTIVE with its Azure connection name, and the clusters', async () => {
    const connections = (await world.listConnections()).map((c) => c.name).sort();
    expect(connections).toHaveLength(2);

    const r = await world.cli(['status', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain(`Project payments-prod ${PROJECT}  (payments-prod in ${file})`);
    expect(out).toMatch(/Customer-managed key +enabled/);
    expect(out).toMatch(new RegExp(`Key +atlas, version ${KEY_VERSION}`));
    expect(out).toMatch(/Key valid +yes/);
    expect(out).toMatch(/Private networking +required/);
    for (const name of connections)
      expect(out).toMatch(new RegExp(`(US_CENTRAL|EUROPE_NORTH) +ACTIVE +[0-9a-f]{24} +${name}`));
    expect(out.match(/next: In use\./g)).toHaveLength(2);
    expect(out).toMatch(/orders +M30 +AZURE +US_CENTRAL, EUROPE_NORTH +AZURE +IDLE +no/);
    expect(out).toMatch(/analytics +M10 +AZURE +US_CENTRAL +NONE +IDLE +no/);
    expect(out).not.toContain('✗');

    const doc = await statusJson(file);
    expect(doc.formatVersion).toBe(1);
    expect(doc.failures).toEqual([]);
    const project = doc.projects[0]!;
    expect(project.document).toEqual({ name: 'payments-prod', file });
    expect(project.encryption).toMatchObject({ enabled: true, valid: true, keyName: 'atlas', keyVersion: KEY_VERSION });
    expect(project.endpoints.map((e) => [e.regionName, e.status]).sort()).toEqual([
      ['EUROPE_NORTH', 'ACTIVE'],
      ['US_CENTRAL', 'ACTIVE'],
    ]);
    expect(project.endpoints.map((e) => e.privateEndpointConnectionName).sort()).toEqual(connections);
    expect(project.callouts).toEqual([]);
  });

  it('changes nothing: every request is a GET but the inactive-project probe, which Atlas answers 404', async () => {
    const before = world.sim.requestLog().length;
    const r = await world.cli(['status', '--project', PROJECT]);
    expect(r.code).toBe(0);
    const requests = world.sim.requestLog().slice(before);
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.filter((q) => q.method !== 'GET').map((q) => [q.method, q.path, q.status])).toEqual([
      [
        'DELETE',
        `/api/atlas/v2/groups/${PROJECT}/encryptionAtRest/AZURE/privateEndpoints/000000000000000000000000`,
        404,
      ],
    ]);
  });

  it('follows an endpoint rejected in Azure: PENDING_RECREATION, INITIATING, PENDING_ACCEPTANCE, each with its next action', async () => {
    const [us] = await endpointsOf('US_CENTRAL');
    expect(await world.azureConnection(us!.privateEndpointConnectionName!, 'Rejected')).toBe(200);
    await world.sim.advance(1);

    const rejected = await world.cli(['status', '--project', PROJECT]);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toMatch(new RegExp(`US_CENTRAL +PENDING_RECREATION +${us!.id}`));
    expect(rejected.stdout).toContain(
      'next: Rejected or removed in Azure; Atlas is recreating it: approve the new endpoint (run atlas-cmk apply).',
    );

    await world.sim.advance(25); // recreationSeconds: 20
    const recreated = await endpointsOf('US_CENTRAL');
    expect(recreated.map((e) => [e.status, e.next.text])).toEqual([['INITIATING', 'Atlas is creating it; wait.']]);
    expect(recreated[0]!.id).not.toBe(us!.id);

    await world.sim.advance(35); // initiatingSeconds: 30
    const pending = await endpointsOf('US_CENTRAL');
    expect(pending.map((e) => e.status)).toEqual(['PENDING_ACCEPTANCE']);
    const connection = pending[0]!.privateEndpointConnectionName!;
    expect(connection).not.toBe(us!.privateEndpointConnectionName);
    const command = `az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments --name ${connection}`;
    expect(pending[0]!.next.command).toContain(command);
    const text = await world.cli(['status', file]);
    expect(text.stdout).toContain(`next: Approve it in Azure: ${command}`);

    // A person runs the command (here: the same ARM request); Atlas reflects it within approvalReflectionSeconds.
    expect(await world.azureConnection(connection, 'Approved')).toBe(200);
    await world.sim.advance(65);
    expect((await endpointsOf('US_CENTRAL')).map((e) => e.status)).toEqual(['ACTIVE']);
  });

  it('shows a FAILED endpoint with Atlas error message and calls it out, until an apply removes it', async () => {
    world.sim.setFaults({ seed: 1, rules: [{ kind: 'endpointFail', rate: 1, times: 1 }] } as never);
    const three = world.write(
      'three.yaml',
      desired({ regions: [...BOTH, 'EUROPE_WEST'], clusters: [{ name: 'orders', encryptionAtRest: true }] }),
    );
    const failed = await drive(['apply', three, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(failed.code).toBe(1);
    world.sim.setFaults({ seed: 1, rules: [] } as never);

    const [west] = await endpointsOf('EUROPE_WEST');
    expect(west?.status).toBe('FAILED');
    const r = await world.cli(['status', three]);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').findIndex((l) => /^ {4}EUROPE_WEST +FAILED /.test(l));
    expect(row).toBeGreaterThan(0);
    const error = /FAILED +[0-9a-f]{24} +\S+ +(.+)$/.exec(r.stdout.split('\n')[row]!)?.[1];
    expect(error).toMatch(/\w/);
    expect(error).not.toBe('-');
    expect(r.stdout.split('\n')[row + 1]).toBe(
      `      next: Run atlas-cmk apply to delete and recreate it; Atlas said: ${error}${/[.!?]$/.test(error!) ? '' : '.'}`,
    );
    expect(r.stdout).toContain(`✗ Endpoint ${west!.id} in EUROPE_WEST FAILED: Run atlas-cmk apply`);

    const cleaned = await drive(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(cleaned.code).toBe(0);
    expect(await endpointsOf('EUROPE_WEST')).toEqual([]);
  });

  it('calls out valid: false and the clusters Atlas paused once the key is revoked', async () => {
    const revoke = await fetch(`${world.sim.urls.control}/vaults/kv-payments/keys/atlas/versions/${KEY_VERSION}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(revoke.status).toBe(200);
    await world.sim.advance(60);

    const r = await world.cli(['status', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^ {2}✗ Atlas cannot use the key \(valid: false\)\. Check that key atlas version /);
    expect(lines[2]).toBe(
      "  ✗ Cluster orders is paused — revoked key access pauses clusters; restore the key's access, then resume it.",
    );
    expect(r.stdout).toMatch(/Key valid +NO \(valid: false\)/);
    expect(r.stdout).toMatch(/orders +M30 +AZURE +US_CENTRAL, EUROPE_NORTH +AZURE +\w+ +PAUSED/);
    // analytics does not use the key: Atlas leaves it running.
    expect(r.stdout).toMatch(/analytics +M10 +AZURE +US_CENTRAL +NONE +IDLE +no/);

    const project = (await statusJson(file)).projects[0]!;
    expect(project.encryption.valid).toBe(false);
    expect(project.callouts.map((c) => [c.code, c.subject])).toEqual([
      ['key-invalid', null],
      ['cluster-paused', 'orders'],
    ]);
    expect(project.clusters.find((c) => c.name === 'orders')?.paused).toBe(true);
  });

  it('colours only when asked: NO_COLOR by default here, FORCE_COLOR on', async () => {
    const plain = await world.cli(['status', file]);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await world.cli(['status', file], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[31m✗ Atlas cannot use the key');
  });

  it('exits 1 with a clear message for an unknown project, bad credentials and bad usage', async () => {
    const unknown = await world.cli(['status', '--project', '0123456789abcdef01234567', '--project', PROJECT]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Project 0123456789abcdef01234567 was not found in Atlas');
    expect(unknown.stdout).toContain(`Project payments-prod ${PROJECT}`);

    const json = await world.cli(['status', '--project', '0123456789abcdef01234567', '--format', 'json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as StatusJson).failures).toMatchObject([
      { projectId: '0123456789abcdef01234567', reason: 'notFound' },
    ]);

    const denied = await world.cli(['status', file], { env: { MONGODB_ATLAS_PRIVATE_API_KEY: 'wrong-private-key' } });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/rejected the credentials/);
    expect(denied.stderr).not.toContain('wrong-private-key');

    const none = await world.cli(['status', file], { env: { MONGODB_ATLAS_PUBLIC_API_KEY: undefined } });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/MONGODB_ATLAS/);

    const bad = world.write('bad.yaml', STATE.replace(`projectId: ${PROJECT}`, 'projectId: nope'));
    const invalid = await world.cli(['status', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/bad\.yaml:\d+:\d+/);

    for (const args of [['status'], ['status', file, '--project', PROJECT], ['status', '--project', 'x']]) {
      const usage = await world.cli(args);
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/^atlas-cmk: /);
    }
    for (const r of [unknown, json, denied, none, invalid]) expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it('does not load ink or react', async () => {
    const trace = join(world.dir, 'trace.txt');
    const r = await runCli(['status', '--project', PROJECT], {
      cwd: world.dir,
      env: { ...world.env, ATLAS_CMK_TRACE_FILE: trace },
      nodeArgs: ['--import', fileURLToPath(new URL('./trace-imports.mjs', import.meta.url))],
    });
    expect(r.code).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('/runner/');
    expect(loaded).not.toMatch(/node_modules\/(\.pnpm\/)?(ink|react)[@/]/);
  });

  it('--help names the options and exit codes', async () => {
    const r = await world.cli(['status', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--project ID');
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 /);
  });
});
