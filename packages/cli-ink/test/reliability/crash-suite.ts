import { afterAll, expect } from 'vitest';
import { hasStackTrace } from '../run-cli.js';
import { PROJECT, desired } from '../world.js';
import { parseEvents, runOutcome, type ApplyEvent } from './ndjson-events.js';
import { startReliabilityWorld } from './reliability-world.js';
import { duplicateCount, simEndpoints } from './sim-inspect.js';
import { spawnCli, type RunningApply } from './spawn-apply.js';
import { runPool, seededRandom } from './worker-pool.js';

const RUNS = Array.from({ length: 20 }, (_, i) => i + 1);
const REGIONS = ['US_CENTRAL', 'EUROPE_NORTH'];
const CREATE = 'createGroupEncryptionAtRestPrivateEndpoint';
const DELETE = 'requestGroupEncryptionAtRestPrivateEndpointDeletion';
const APPLY = ['--auto-approve', '--format', 'ndjson', '--poll-interval', '50ms'];

/**
 * Where a run aims its SIGKILL: right after an event of the first apply, plus a seeded delay of up to
 * `DELAY_MS`. `teardown` runs start from two ACTIVE endpoints and turn private networking off.
 */
type Aim = 'create' | 'waitPending' | 'approve' | 'waitActive' | 'clock' | 'teardown';

const AIMS: readonly Aim[] = ['create', 'waitPending', 'approve', 'waitActive', 'clock', 'teardown'];

/** Where a killed apply that overlaps another one dies: during a create, an approval or a wait. */
const OVERLAP_AIMS: readonly Aim[] = ['create', 'waitPending', 'approve', 'waitActive'];

/** `alone`: one apply, killed. `overlap`: two applies of the same file at once, one of them killed. */
type Mode = 'alone' | 'overlap';

const ANOTHER = `another apply is changing project ${PROJECT}`;

const DELAY_MS: Record<Aim, number> = {
  create: 400,
  waitPending: 400,
  approve: 60,
  waitActive: 200,
  clock: 700,
  teardown: 400,
};

/**
 * Shorter aims for overlapping runs: a run that adopts the other's endpoint waits less, so a long delay would
 * land after it finished.
 */
const OVERLAP_DELAY_MS: Record<Aim, number> = { ...DELAY_MS, waitPending: 150, waitActive: 150 };

interface CrashResult {
  run: number;
  mode: Mode;
  aim: Aim;
  delayMs: number;
  /** The step the process was in when it died (or the last event it printed). */
  killedIn: string;
  killed: boolean;
  /** Creates that reached the simulator while the killed process never saw their answer. */
  lostCreates: number;
  converged: boolean;
  duplicates: number;
  problems: string[];
}

function trigger(aim: Aim): (e: ApplyEvent) => boolean {
  switch (aim) {
    case 'create':
      return (e) => e.kind === 'step.started' && e.stepKind === 'endpoint.create';
    case 'waitPending':
      return (e) => e.kind === 'step.waiting' && e.stepId?.startsWith('endpoint.waitPendingAcceptance') === true;
    case 'waitActive':
      return (e) => e.kind === 'step.waiting' && e.stepId?.startsWith('endpoint.waitActive') === true;
    case 'approve':
      return (e) => e.kind === 'step.started' && e.stepKind === 'endpoint.approve';
    case 'clock':
      return (e) => e.kind === 'run.started';
    case 'teardown':
      return (e) => e.kind === 'step.started' && e.stepKind === 'endpoint.delete';
    default: {
      const never: never = aim;
      throw new Error(`unknown aim ${String(never)}`);
    }
  }
}

/** The first of `runs` to print an event that fits (the first run when none does before ending). */
async function firstToReach(
  runs: RunningApply[],
  fits: (e: ApplyEvent) => boolean,
): Promise<{ first: RunningApply; seen: boolean }> {
  const reached = await new Promise<RunningApply | undefined>((resolve) => {
    let pending = runs.length;
    for (const run of runs)
      void run.waitFor(fits).then((event) => {
        if (event) resolve(run);
        else if (--pending === 0) resolve(undefined);
      });
  });
  return { first: reached ?? runs[0]!, seen: reached !== undefined };
}

/** The step in flight at the kill: the last started step without an end, else the last event's kind. */
function stepInFlight(events: readonly ApplyEvent[]): string {
  const ended = new Set(
    events.filter((e) => e.kind === 'step.succeeded' || e.kind === 'step.failed').map((e) => e.stepId),
  );
  const open = events.filter((e) => e.kind === 'step.started' && !ended.has(e.stepId));
  const last = open.at(-1);
  if (last?.stepKind) return last.stepKind;
  return events.at(-1)?.kind ?? 'startup';
}

function aimOf(run: number, mode: Mode): Aim {
  return mode === 'alone' ? AIMS[run % AIMS.length]! : OVERLAP_AIMS[run % OVERLAP_AIMS.length]!;
}

async function crashRun(run: number, mode: Mode): Promise<CrashResult> {
  const random = seededRandom(mode === 'alone' ? run : 1000 + run);
  const aim = aimOf(run, mode);
  // A slower clock than the fault suite's and slower endpoint transitions (half a second to a second each), so
  // that waits last long enough to be hit even when a busy machine delivers the events late.
  const world = await startReliabilityWorld({
    timeScale: 120,
    change: (f) =>
      void (f.timing = { ...f.timing, initiatingSeconds: 60, approvalReflectionSeconds: 120, deletingSeconds: 60 }),
  });
  try {
    const expected = aim === 'teardown' ? [] : REGIONS;
    const file = world.write('desired.yaml', desired({ regions: REGIONS }));
    if (aim === 'teardown') {
      const setup = await world.cli(['apply', file, ...APPLY]);
      if (setup.code !== 0) throw new Error(`the setup apply failed: ${setup.stderr}`);
      world.write('desired.yaml', desired({ requirePrivateNetworking: false }));
    }
    // Atlas answers creates and deletes slowly, so that a kill soon after one starts lands while it is in flight.
    world.sim.setFaults({
      seed: run,
      rules: [
        { kind: 'latency', rate: 1, ms: 250, match: { operationId: CREATE } },
        { kind: 'latency', rate: 1, ms: 250, match: { operationId: DELETE } },
      ],
    });
    const before = world.sim.requestLog().at(-1)?.seq ?? 0;
    const started = spawnCli(world, ['apply', file, ...APPLY]);
    // The overlapping apply starts at the same moment; the one that reaches the aim first is killed, the other
    // is left to finish on its own.
    const other = mode === 'overlap' ? spawnCli(world, ['apply', file, ...APPLY]) : undefined;
    const delayMs = Math.floor(random() * (mode === 'alone' ? DELAY_MS : OVERLAP_DELAY_MS)[aim]);
    const { first, seen } = await firstToReach([started, ...(other ? [other] : [])], trigger(aim));
    const rival = first === started ? other : started;
    if (seen) await new Promise((r) => setTimeout(r, delayMs));
    const killedIn = stepInFlight(first.events);
    const killed = first.child.kill('SIGKILL');
    const end = await first.ended;
    const problems: string[] = [];
    const rivalEnd = await rival?.ended;
    if (rival && rivalEnd) {
      const printed = rivalEnd.stdout + rivalEnd.stderr;
      if (hasStackTrace(printed)) problems.push(`the overlapping apply crashed: ${printed.slice(-400)}`);
      if (rivalEnd.code !== 0 && !printed.includes(ANOTHER)) {
        const failed = parseEvents(rivalEnd.stdout)
          .filter((e) => e.kind === 'step.failed')
          .map((e) => `${e.stepId}: ${e.error?.message}`);
        problems.push(
          `the overlapping apply exited ${rivalEnd.code} without saying why: ${failed.join('; ') || printed.slice(-400)}`,
        );
      }
    }
    // Let creates still in flight in the simulator land before counting them.
    await new Promise((r) => setTimeout(r, 300));
    const creates = world.sim
      .requestLog()
      .filter((e) => e.seq > before && e.operationId === CREATE && e.status === 202).length;
    const answered = [...first.events, ...(rival?.events ?? [])].filter(
      (e) =>
        e.kind === 'step.succeeded' &&
        e.stepId?.startsWith('endpoint.create') === true &&
        // An adoption answered no create of its own, unless it deleted the duplicate its create made.
        (!e.message?.includes('adopted') || e.message.includes('this run created was deleted')),
    ).length;
    world.sim.setFaults({ rules: [] });

    if (end.signal !== 'SIGKILL') problems.push(`the first apply was not killed: it ended ${end.code} ${end.signal}`);
    const again = await world.cli(['apply', file, ...APPLY]);
    const printed = again.stdout + again.stderr;
    if (hasStackTrace(printed) || /internal error/i.test(printed))
      problems.push(`crash output: ${printed.slice(-400)}`);
    const events = parseEvents(again.stdout);
    // The killed run may have done everything but its last wait: then there is nothing left to apply.
    const nothingLeft = events.length === 0 && again.stderr.includes('No changes.');
    if (again.code !== 0 || (runOutcome(events) !== 'converged' && !nothingLeft)) {
      const failed = events.filter((e) => e.kind === 'step.failed').map((e) => `${e.stepId}: ${e.error?.message}`);
      problems.push(`re-run exited ${again.code}: ${failed.join('; ') || again.stderr.slice(-400)}`);
    }
    const check = await world.cli(['plan', file, '--detailed-exitcode']);
    if (check.code !== 0)
      problems.push(`plan after the re-run exited ${check.code}: ${(check.stdout + check.stderr).slice(-400)}`);
    const endpoints = simEndpoints(world.sim, PROJECT);
    const live = endpoints.map((e) => `${e.regionName} ${e.status}`).sort();
    const want = expected.map((region) => `${region} ACTIVE`).sort();
    if (live.join() !== want.join())
      problems.push(`endpoints: ${live.join() || 'none'}, expected ${want.join() || 'none'}`);
    return {
      run,
      mode,
      aim,
      delayMs,
      killedIn,
      killed: killed && end.signal === 'SIGKILL',
      lostCreates: creates - answered,
      converged: problems.length === 0,
      duplicates: duplicateCount(endpoints),
      problems,
    };
  } finally {
    await world.close();
  }
}

/**
 * One crash suite: 20 seeded runs of `mode` (an apply killed alone, or one of two overlapping applies killed), three
 * at a time, each followed by a new apply; registers its test with `it` and a summary line after it. The two modes
 * are files of their own so that they run in parallel.
 */
export function crashSuite(mode: Mode, title: string, it: (name: string, run: () => Promise<void>) => void): void {
  const results: CrashResult[] = [];

  afterAll(() => {
    const where: Record<string, number> = {};
    for (const r of results) where[r.killedIn] = (where[r.killedIn] ?? 0) + 1;
    const spread = Object.entries(where)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const converged = results.filter((r) => r.converged).length;
    const duplicates = results.reduce((sum, r) => sum + r.duplicates, 0);
    const lost = results.reduce((sum, r) => sum + r.lostCreates, 0);
    console.log(
      `crashes (${mode}): ${results.length} runs killed (in: ${spread}), ${lost} creates reached Atlas unreported by the killed apply, ${converged} converged, ${duplicates} duplicates`,
    );
  });

  it(title, async () => {
    // A run that throws (e.g. its setup apply failed) is reported with the others instead of hiding their counts.
    const settle = (run: number): Promise<CrashResult> =>
      crashRun(run, mode).catch((error: unknown) => ({
        run,
        mode,
        aim: aimOf(run, mode),
        delayMs: 0,
        killedIn: 'setup',
        killed: false,
        lostCreates: 0,
        converged: false,
        duplicates: 0,
        problems: [String(error)],
      }));
    results.push(...(await runPool(RUNS, 3, settle)));
    const failing = results.filter((r) => r.problems.length > 0 || !r.killed || r.duplicates > 0);
    expect(
      failing.map((r) => `run ${r.run} (${r.aim} +${r.delayMs} ms, in ${r.killedIn}): ${r.problems.join(' | ')}`),
    ).toEqual([]);
    for (const r of results) {
      expect(r.problems, `run ${r.run} (${r.aim} +${r.delayMs} ms, killed in ${r.killedIn})`).toEqual([]);
      expect(r.killed, `run ${r.run}`).toBe(true);
      expect(r.duplicates, `run ${r.run}`).toBe(0);
    }
    const kinds = new Set(results.map((r) => r.killedIn));
    expect(
      [...kinds].some((k) => k === 'endpoint.create'),
      'some kill lands during a create',
    ).toBe(true);
    expect(
      [...kinds].some((k) => k.startsWith('endpoint.wait')),
      'some kill lands during a wait',
    ).toBe(true);
    if (mode === 'alone')
      expect(
        results.some((r) => r.lostCreates > 0),
        'some create reaches Atlas after its process died',
      ).toBe(true);
  });
}
