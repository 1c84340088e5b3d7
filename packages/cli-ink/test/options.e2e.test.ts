import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';
import { desired, startWorld, verifyAndClose, type World } from './world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await verifyAndClose(world);
});

/** The most steps that were running at the same moment, from an NDJSON event stream. */
function mostAtOnce(ndjson: string): number {
  let running = 0;
  let most = 0;
  for (const line of ndjson.split('\n').filter((l) => l.trim() !== '')) {
    const event = JSON.parse(line) as { kind: string };
    if (event.kind === 'step.started') most = Math.max(most, (running += 1));
    if (event.kind === 'step.succeeded' || event.kind === 'step.failed') running -= 1;
  }
  return most;
}

describe('apply options', () => {
  it('refuses values that make no sense, before reading or changing anything', async () => {
    const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    const cases: [string[], string][] = [
      [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 64; got "0".'],
      [['--concurrency', '2.5'], '--concurrency must be a whole number from 1 to 64; got "2.5".'],
      [['--parallelism', '0'], '--parallelism must be a whole number from 1 to 64; got "0".'],
      [['--poll-interval', '0s'], '--poll-interval must be more than zero.'],
      [['--endpoint-timeout', 'soon'], '--endpoint-timeout must be a duration such as 90s, 15m or 1h; got "soon".'],
    ];
    for (const [args, message] of cases) {
      const r = await world.cli(['apply', file, '--auto-approve', '--format', 'plain', ...args]);
      expect(r.stderr, args.join(' ')).toBe(`atlas-cmk: ${message}\n`);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.code).toBe(1);
    }
  });

  it('refuses a poll interval under one second against Atlas (not a simulator on loopback)', async () => {
    const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    const r = await world.cli(['apply', file, '--auto-approve', '--poll-interval', '200ms'], {
      env: { MONGODB_ATLAS_BASE_URL: 'https://cloud.mongodb.com' },
    });
    expect(r.stderr).toBe('atlas-cmk: --poll-interval must be at least 1s; got "200ms".\n');
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('honours --concurrency: with 1, never two steps at once', async () => {
    const file = world.write(
      'two.yaml',
      desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], clusters: [{ name: 'orders', encryptionAtRest: true }] }),
    );
    const r = await world.cli([
      'apply',
      file,
      '--auto-approve',
      '--format',
      'ndjson',
      '--poll-interval',
      '50ms',
      '--concurrency',
      '1',
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(mostAtOnce(r.stdout)).toBe(1);
    // The same plan from the start, without the limit, runs its regions side by side.
    const back = world.write(
      'back.yaml',
      desired({ enabled: false, clusters: [{ name: 'orders', encryptionAtRest: false }] }),
    );
    expect(
      (await world.cli(['apply', back, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms'])).code,
    ).toBe(0);
    const free = await world.cli(['apply', file, '--auto-approve', '--format', 'ndjson', '--poll-interval', '50ms']);
    expect(free.code).toBe(0);
    expect(mostAtOnce(free.stdout)).toBeGreaterThan(1);
  });
});
