import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';
import { desired, KEY_V1, PROJECT, startWorld, type World, verifyAndClose } from './world.js';

/** `atlas-cmk export` end to end: the document it writes for a live project passes check and plans no changes. */

const SANDBOX = '66c9e8f1dd6c9960802420f3';
let world: World;

async function expectRoundTrip(path: string): Promise<void> {
  const check = await world.cli(['check', path]);
  expect(check.stdout).toContain('no problems');
  expect(check.code).toBe(0);
  const plan = await world.cli(['plan', path, '--detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
}

beforeAll(async () => {
  world = await startWorld();
  // CMK, private networking with an endpoint per region (approved in Azure), and one cluster on the key.
  const file = world.write(
    'payments.yaml',
    desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], clusters: [{ name: 'orders', encryptionAtRest: true }] }),
  );
  const applied = await world.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
  expect(applied.stdout).toContain('Apply complete');
  expect(applied.code).toBe(0);
});

afterAll(async () => {
  await verifyAndClose(world);
});

describe('atlas-cmk export against atlas-sim', () => {
  it('prints a document of the live project that check passes and plan finds nothing to change in', async () => {
    const r = await world.cli(['export', '--project', PROJECT]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = r.stdout;
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://atlas-cmk.dev/schema/project-encryption.v1.schema.json',
    );
    expect(text).toContain('  name: payments-prod\n');
    expect(text).toContain(`  projectId: ${PROJECT}\n`);
    expect(text).toContain('    secret: ${env:AZURE_CLIENT_SECRET}\n');
    expect(text).toContain(`    keyIdentifier: ${KEY_V1}\n`);
    expect(text).toContain('    requirePrivateNetworking: true\n');
    expect(text).toMatch(
      / {4}regions: \[(US_CENTRAL, EUROPE_NORTH|EUROPE_NORTH, US_CENTRAL)\]\n {4}approval: manual\n/,
    );
    expect(text).toContain('  clusters:\n    - name: orders\n      encryptionAtRest: true\n');
    expect(text).not.toContain('analytics');
    await expectRoundTrip(world.write('exported.yaml', text));
  });

  it('--out writes a file, refuses to overwrite it without --force, and --name sets metadata.name', async () => {
    const first = await world.cli(['export', '--project', PROJECT, '--out', 'payments-export.yaml']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('Wrote payments-export.yaml');
    const path = join(world.dir, 'payments-export.yaml');
    await expectRoundTrip(path);

    const again = await world.cli(['export', '--project', PROJECT, '--out', 'payments-export.yaml', '--name', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('atlas-cmk: payments-export.yaml already exists; add --force to overwrite it.\n');
    expect(readFileSync(path, 'utf8')).toContain('  name: payments-prod\n');

    const forced = await world.cli([
      'export',
      '--project',
      PROJECT,
      '--out',
      'payments-export.yaml',
      '--force',
      '--name',
      'payments prod (exported)',
    ]);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('  name: "payments prod (exported)"\n');
    await expectRoundTrip(path);
  });

  it('exports a project without CMK (shared, Flex and multi-cloud clusters left alone)', async () => {
    const r = await world.cli(['export', '--project', SANDBOX]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    enabled: false\n');
    expect(r.stdout).toContain('  clusters: []\n');
    await expectRoundTrip(world.write('sandbox.yaml', r.stdout));
  });

  it('exits 1 with a clear message for an unknown project, bad credentials and bad usage', async () => {
    const unknown = await world.cli(['export', '--project', '0123456789abcdef01234567']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('Project 0123456789abcdef01234567 was not found in Atlas');

    const denied = await world.cli(['export', '--project', PROJECT], {
      env: { MONGODB_ATLAS_PRIVATE_API_KEY: 'wrong-private-key' },
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/rejected the credentials/);
    expect(denied.stderr).not.toContain('wrong-private-key');

    for (const args of [
      ['export'],
      ['export', '--project', PROJECT, '--project', SANDBOX],
      ['export', 'payments.yaml'],
      ['export', '--project', 'not-an-id'],
    ]) {
      const usage = await world.cli(args);
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/^atlas-cmk: /);
      expect(hasStackTrace(usage.stdout + usage.stderr)).toBe(false);
    }
    for (const r of [unknown, denied]) expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it('--help names the options and exit codes', async () => {
    const r = await world.cli(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--force');
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 /);
  });
});
