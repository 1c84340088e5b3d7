import { describe, expect, it } from 'vitest';
import { hasStackTrace, type CliResult } from '../run-cli.js';
import { CANARY, PROJECT, desired, type World } from '../world.js';
import { parseEvents, runOutcome } from './ndjson-events.js';
import { startReliabilityWorld, type FixtureDoc } from './reliability-world.js';
import { simEndpoints } from './sim-inspect.js';
import { spawnCli } from './spawn-apply.js';

const PLAIN = ['--auto-approve', '--format', 'plain', '--poll-interval', '50ms'];
const NDJSON = ['--auto-approve', '--format', 'ndjson', '--poll-interval', '50ms'];

/** An Entra app of the vault's tenant that may read connections but not approve them. */
const READER = {
  tenantId: '1f6ef922-9303-402a-bae2-cc68810b023c',
  clientId: '3d1c6f0e-8a52-4c7e-9b1d-5f2a7c9e4b60',
  clientSecret: 'canary-azure-reader-secret-Jt58Wq',
};

/** No stack trace, no secret, and only contract-conforming answers from the simulator. */
function expectClean(world: World, ...results: CliResult[]): void {
  for (const r of results) expect(hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr).toBe(false);
  for (const out of world.outputs) {
    for (const canary of [...Object.values(CANARY), READER.clientSecret]) expect(out).not.toContain(canary);
  }
  expect(world.sim.contractViolations()).toEqual([]);
}

/** The region converged: a re-run applied (or found nothing left), plan shows no changes, one ACTIVE endpoint. */
async function expectRepaired(world: World, file: string, rerun: CliResult): Promise<void> {
  expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
  const check = await world.cli(['plan', file, '--detailed-exitcode']);
  expect(check.stdout).toContain('No changes.');
  expect(check.code).toBe(0);
  expect(simEndpoints(world.sim, PROJECT).map((e) => `${e.regionName} ${e.status}`)).toEqual(['US_CENTRAL ACTIVE']);
}

/** Approve the pending connection in Azure, as a person does, once it appears. */
async function approvePending(world: World): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const pending = (await world.listConnections()).filter(
      (c) => c.properties.privateLinkServiceConnectionState.status === 'Pending',
    );
    if (pending[0]) {
      expect(await world.azureConnection(pending[0].name, 'Approved')).toBe(200);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no connection became Pending in Azure');
}

describe.concurrent('endpoint trouble: a clear message, then a re-run repairs', () => {
  it('an endpoint that goes FAILED', async () => {
    const world = await startReliabilityWorld();
    try {
      const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
      world.sim.setFaults({ seed: 1, rules: [{ kind: 'endpointFail', rate: 1, times: 1 }] });
      const failed = await world.cli(['apply', file, ...PLAIN]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/The endpoint [0-9a-f]{24} in US_CENTRAL FAILED: \S/);
      expect(failed.stdout).toContain('Run atlas-cmk plan: it replaces a FAILED endpoint (delete, then create again).');
      expect(simEndpoints(world.sim, PROJECT).map((e) => e.status)).toEqual(['FAILED']);

      world.sim.setFaults({ rules: [] });
      const plan = await world.cli(['plan', file]);
      expect(plan.stdout).toMatch(/endpoint\.delete US_CENTRAL[\s\S]*endpoint\.create US_CENTRAL/);
      const rerun = await world.cli(['apply', file, ...PLAIN]);
      expect(rerun.stdout).toContain('Apply complete');
      await expectRepaired(world, file, rerun);
      expectClean(world, failed, rerun);
    } finally {
      await world.close();
    }
  });

  it('a connection rejected in Azure while apply waits for ACTIVE (PENDING_RECREATION)', async () => {
    // Atlas takes a while to recreate a rejected endpoint: long enough here for the waiting apply to see it.
    const world = await startReliabilityWorld({
      change: (f) => void (f.timing = { ...f.timing, recreationSeconds: 900 }),
    });
    try {
      const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'], approval: 'manual' }));
      const run = spawnCli(world, ['apply', file, ...NDJSON]);
      const action = await run.waitFor((e) => e.kind === 'step.actionRequired');
      const connection = /--name (\S+)/.exec(action?.command ?? '')?.[1];
      expect(connection, 'the apply names the connection to approve').toBeTruthy();
      expect(await world.azureConnection(connection!, 'Rejected')).toBe(200);
      const end = await run.ended;
      world.outputs.push(end.stdout, end.stderr);
      expect(end.code).toBe(1);
      const events = parseEvents(end.stdout);
      const failure = events.find((e) => e.kind === 'step.failed')?.error;
      expect(failure?.message).toMatch(
        /in US_CENTRAL is PENDING_RECREATION: it was rejected or removed in Azure, and Atlas is recreating it\./,
      );
      expect(failure?.hint).toContain('approve the new endpoint when it reaches PENDING_ACCEPTANCE');
      expect(runOutcome(events)).toBe('failed');

      // The re-run starts while Atlas still recreates the endpoint, and approves its replacement.
      const again = spawnCli(world, ['apply', file, ...NDJSON]);
      const next = await again.waitFor((e) => e.kind === 'step.actionRequired');
      const replacement = /--name (\S+)/.exec(next?.command ?? '')?.[1];
      expect(replacement).toBeTruthy();
      expect(replacement).not.toBe(connection);
      expect(await world.azureConnection(replacement!, 'Approved')).toBe(200);
      const rerun = await again.ended;
      world.outputs.push(rerun.stdout, rerun.stderr);
      expect(runOutcome(parseEvents(rerun.stdout))).toBe('converged');
      await expectRepaired(world, file, { ...rerun, code: rerun.code });
      expectClean(world);
    } finally {
      await world.close();
    }
  });

  it('an approval that comes after the deadline', async () => {
    const world = await startReliabilityWorld();
    try {
      const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'], approval: 'manual' }));
      const late = await world.cli(['apply', file, ...PLAIN, '--approval-timeout', '2s']);
      expect(late.code).toBe(1);
      expect(late.stdout).toContain(
        'Gave up after 2 s waiting for the endpoint in US_CENTRAL to be ACTIVE: Atlas still reports PENDING_ACCEPTANCE.',
      );
      expect(late.stdout).toContain('run atlas-cmk apply again to keep waiting');
      expect(late.stdout).toMatch(/az keyvault private-endpoint-connection approve .*--vault-name kv-payments/);

      await approvePending(world);
      const rerun = await world.cli(['apply', file, ...PLAIN]);
      await expectRepaired(world, file, rerun);
      expectClean(world, late, rerun);
    } finally {
      await world.close();
    }
  });

  it('an approval Azure refuses (403), then the identity that may approve', async () => {
    const world = await startReliabilityWorld({
      change: (f: FixtureDoc) => void f.azure.apps.push({ ...READER, canApprove: false } as never),
    });
    try {
      // Atlas's own Key Vault secret comes from its own variable, so the approving identity can change alone.
      const text = desired({ regions: ['US_CENTRAL'] }).replace('${env:AZURE_CLIENT_SECRET}', '${env:EAR_SECRET}');
      const file = world.write('desired.yaml', text);
      const ear = { EAR_SECRET: CANARY.azureClientSecret };
      const reader = { ...ear, AZURE_CLIENT_ID: READER.clientId, AZURE_CLIENT_SECRET: READER.clientSecret };
      // The pre-flight checks would stop this apply before Atlas is asked (the reader may not write connections):
      // skipped, so that the runner meets the refusal itself.
      const refused = await world.cli(['apply', file, ...PLAIN, '--skip-preflight'], { env: reader });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(
        /Azure refused to approve connection \S+ on key vault kv-payments \(HTTP 403 AuthorizationFailed\)/,
      );
      expect(refused.stdout).toContain('Microsoft.KeyVault/vaults/privateEndpointConnectionApproval/action');
      expect(simEndpoints(world.sim, PROJECT).map((e) => e.status)).toEqual(['PENDING_ACCEPTANCE']);

      const rerun = await world.cli(['apply', file, ...PLAIN], { env: ear });
      expect(rerun.stdout).toContain('approved in Azure');
      await expectRepaired(world, file, rerun);
      expectClean(world, refused, rerun);
    } finally {
      await world.close();
    }
  });

  it('Resource Manager unreachable during the approval', async () => {
    const world = await startReliabilityWorld();
    try {
      const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
      world.sim.setFaults({ seed: 1, rules: [{ kind: 'drop', rate: 1, match: { pathPrefix: '/azure/arm' } }] });
      // Without the pre-flight checks, which would fail at once on the unreachable Resource Manager.
      const cut = await world.cli(['apply', file, ...PLAIN, '--skip-preflight']);
      expect(cut.code).toBe(1);
      expect(cut.stdout).toMatch(/armGetPrivateEndpointConnection could not reach GET \S+\/azure\/arm\/\S+/);
      expect(cut.stdout).toContain('Check the network path to Azure, then run atlas-cmk apply again');
      expect(simEndpoints(world.sim, PROJECT).map((e) => e.status)).toEqual(['PENDING_ACCEPTANCE']);

      world.sim.setFaults({ rules: [] });
      const rerun = await world.cli(['apply', file, ...PLAIN]);
      expect(rerun.stdout).toContain('approved in Azure');
      await expectRepaired(world, file, rerun);
      expectClean(world, cut, rerun);
    } finally {
      await world.close();
    }
  });
});
