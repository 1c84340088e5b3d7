import { afterAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from '../run-cli.js';
import { PROJECT, desired } from '../world.js';
import { parseEvents, runOutcome } from './ndjson-events.js';
import { startReliabilityWorld } from './reliability-world.js';
import { simEndpoints } from './sim-inspect.js';
import { spawnCli } from './spawn-apply.js';

const REGIONS = ['US_CENTRAL', 'EUROPE_NORTH'];
const CREATE = 'createGroupEncryptionAtRestPrivateEndpoint';
// Without the Azure pre-flight checks, whose sign-in would spread the runs' starts apart: the race is the subject.
const APPLY = ['--auto-approve', '--format', 'ndjson', '--poll-interval', '50ms', '--skip-preflight'];
const ANOTHER = `another apply is changing project ${PROJECT}`;
const MODELS = ['accept', 'refuse'] as const;

interface Batch {
  model: (typeof MODELS)[number];
  runs: number;
  exits: (number | null)[];
  /** Runs that saw another one (adopted its endpoint, or deleted their own duplicate). */
  yielded: number;
  creates: number;
  /** Creates Atlas refused because the region had an endpoint (the `refuse` model). */
  refusals: number;
  /** Endpoints per region at the end, by region. */
  perRegion: Record<string, number>;
  problems: string[];
}

/** Start `runs` applies of one file at the same instant against a fresh project whose creates Atlas answers slowly. */
async function overlappingBatch(model: Batch['model'], runs: number): Promise<Batch> {
  const world = await startReliabilityWorld({ change: (f) => void Object.assign(f, { secondEndpoint: model }) });
  try {
    const file = world.write('desired.yaml', desired({ regions: REGIONS }));
    // Slow creates (2 s), so that runs whose start a busy machine staggers still list the region as empty before
    // any create has landed.
    world.sim.setFaults({ rules: [{ kind: 'latency', rate: 1, ms: 2000, match: { operationId: CREATE } }] });
    const started = Array.from({ length: runs }, () => spawnCli(world, ['apply', file, ...APPLY]));
    const ended = await Promise.all(started.map((r) => r.ended));
    world.sim.setFaults({ rules: [] });
    const problems: string[] = [];
    let yielded = 0;
    ended.forEach((end, i) => {
      const printed = end.stdout + end.stderr;
      if (hasStackTrace(printed)) problems.push(`run ${i + 1} printed a stack trace: ${printed.slice(-300)}`);
      const events = parseEvents(end.stdout);
      const saw = events.some((e) => e.message?.includes(ANOTHER) || e.error?.message.includes(ANOTHER));
      if (saw || events.some((e) => e.message?.includes('Atlas refused a second one'))) yielded += 1;
      if (end.code !== 0 && !saw) problems.push(`run ${i + 1} exited ${end.code}: ${printed.slice(-400)}`);
      if (end.code === 0 && runOutcome(events) !== 'converged') problems.push(`run ${i + 1} did not converge`);
    });
    const perRegion: Record<string, number> = {};
    for (const e of simEndpoints(world.sim, PROJECT)) perRegion[e.regionName] = (perRegion[e.regionName] ?? 0) + 1;
    const check = await world.cli(['plan', file, '--detailed-exitcode']);
    if (check.code !== 0) problems.push(`plan after the runs exited ${check.code}: ${check.stdout.slice(-300)}`);
    const creates = world.sim.requestLog().filter((e) => e.operationId === CREATE && e.status === 202).length;
    const refusals = world.sim.requestLog().filter((e) => e.operationId === CREATE && e.status === 409).length;
    expect(world.sim.contractViolations()).toEqual([]);
    expect(world.sim.requestViolations()).toEqual([]);
    return { model, runs, exits: ended.map((e) => e.code), yielded, creates, refusals, perRegion, problems };
  } finally {
    await world.close();
  }
}

describe('overlapping applies of one project', () => {
  const batches: Batch[] = [];
  afterAll(() => {
    const line = batches
      .map(
        (b) =>
          `${b.runs} at once (${b.model}): ${b.creates} creates, ${b.refusals} refused, ${b.yielded} runs yielded, exits ${b.exits.join(' ')}`,
      )
      .join('; ');
    console.log(`overlap: ${line}`);
  });

  for (const model of MODELS) {
    it(
      `3 then 5 simultaneous applies end with one ACTIVE endpoint per region (second endpoint: ${model})`,
      {
        timeout: 300_000,
      },
      async () => {
        const mine: Batch[] = [];
        for (const runs of [3, 5]) {
          const batch = await overlappingBatch(model, runs);
          batches.push(batch);
          mine.push(batch);
          expect(batch.problems, `${runs} runs, ${model}`).toEqual([]);
          expect(batch.perRegion, `${runs} runs, ${model}`).toEqual({ US_CENTRAL: 1, EUROPE_NORTH: 1 });
        }
        // The runs really raced: more than one asked Atlas for an endpoint in the same region.
        if (model === 'accept') expect(mine.some((b) => b.creates > REGIONS.length)).toBe(true);
        else expect(mine.some((b) => b.refusals > 0 && b.creates === REGIONS.length)).toBe(true);
      },
    );
  }
});
