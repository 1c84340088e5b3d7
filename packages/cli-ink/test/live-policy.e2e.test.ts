import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';
import { desired, startWorld, type World, verifyAndClose } from './world.js';

const SANDBOX = '66c9e8f1dd6c9960802420f3';
let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await verifyAndClose(world);
});

function sandbox(clusters: { name: string; encryptionAtRest: boolean }[], regions: string[] = []): string {
  return desired({ regions, clusters })
    .replace('66c9e8f1dd6c9960802420e9', SANDBOX)
    .replace('name: payments-prod', 'name: payments-sandbox');
}

describe('live policy stops the plan with the rule id, the project and the file location', () => {
  it('refuses a shared-tier cluster (M0) opting in', async () => {
    const file = world.write('sandbox.yaml', sandbox([{ name: 'playground', encryptionAtRest: true }]));
    const r = await world.cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/sandbox\.yaml:\d+:\d+\s+error\s+.*playground.*\[cmk\/cluster-min-tier\]/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('refuses private networking in a project with a multi-cloud cluster', async () => {
    const file = world.write('multi.yaml', sandbox([], ['US_EAST_2']));
    const r = await world.cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[cmk/no-multi-cloud]');
    expect(r.stderr).toContain('everywhere');
  });

  it('names each cluster type as Atlas does with its fix, and advises no region of another provider', async () => {
    const file = world.write(
      'types.yaml',
      sandbox(
        [
          { name: 'playground', encryptionAtRest: true },
          { name: 'scratch', encryptionAtRest: true },
          { name: 'everywhere', encryptionAtRest: true },
        ],
        ['US_EAST_2'],
      ),
    );
    const r = await world.cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cluster scratch is a Flex cluster, and Flex clusters cannot use customer-managed keys');
    expect(r.stderr).toContain('migrate it to a dedicated cluster (M10 or larger)');
    expect(r.stderr).toContain('cluster playground is a shared-tier cluster (M0, M2 or M5)');
    expect(r.stderr).toContain('cluster everywhere is multi-cloud');
    expect(r.stderr).not.toContain('(none)');
    // everywhere has AWS nodes in US_EAST_1: no advice adds an AWS region to the Azure endpoint regions.
    expect(r.stderr).not.toContain('US_EAST_1');
    expect(r.stderr).not.toContain('[cmk/endpoint-regions-cover-clusters]');
  });

  it('reports a listed cluster that does not exist', async () => {
    const file = world.write('missing.yaml', desired({ clusters: [{ name: 'ordres', encryptionAtRest: true }] }));
    const r = await world.cli(['plan', file, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.yaml:\d+:\d+\s+error\s+.*ordres.*\[cmk\/cluster-exists\]/);
  });

  it('reports an unknown project id as a located live-read failure', async () => {
    const file = world.write(
      'unknown.yaml',
      desired({}).replace('66c9e8f1dd6c9960802420e9', '0123456789abcdef01234567'),
    );
    const r = await world.cli(['plan', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown\.yaml:\d+:\d+\s+error\s+.*0123456789abcdef01234567/);
  });
});
