import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';
import { spawnCli } from './reliability/spawn-apply.js';
import { desired, startWorld, type World } from './world.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('Ctrl-C during apply', () => {
  it('stops cleanly while waiting for a person, says how to continue, and the next apply converges', async () => {
    const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'], approval: 'manual' }));
    const run = spawnCli(world, ['apply', file, '--auto-approve', '--format', 'ndjson', '--poll-interval', '50ms']);
    const asked = await run.waitFor((e) => e.kind === 'step.actionRequired');
    expect(asked).toBeDefined();
    run.child.kill('SIGINT');
    const ended = await run.ended;
    expect(ended.signal).toBeNull();
    expect(ended.code).toBe(1);
    const finished = run.events.at(-1) as { kind: string; outcome?: string; next?: string };
    expect(finished).toMatchObject({ kind: 'run.finished', outcome: 'interrupted' });
    expect(finished.next).toContain('atlas-cmk apply');
    expect(ended.stderr).toContain('interrupted');
    expect(hasStackTrace(ended.stdout + ended.stderr)).toBe(false);

    // A person approves later; the next apply picks up where the interrupted one stopped.
    const pending = (await world.listConnections()).find(
      (c) => c.properties.privateLinkServiceConnectionState.status === 'Pending',
    );
    expect(pending).toBeDefined();
    expect(await world.azureConnection(pending!.name, 'Approved')).toBe(200);
    const again = await world.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Apply complete|No changes/);
    const status = await world.cli(['status', file, '--format', 'json']);
    const report = JSON.parse(status.stdout) as {
      projects: { endpoints: { region?: string; regionName?: string; status: string }[] }[];
    };
    expect(report.projects[0]!.endpoints.map((e) => e.status)).toEqual(['ACTIVE']);
  });
});
