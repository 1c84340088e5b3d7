#!/usr/bin/env node
// The plan benchmark: `atlas-cmk plan` of 500 projects x 3 regions x 5 clusters against atlas-sim with added
// latency. Targets: exactly 4 Atlas reads and 1 inactive-project probe per project, wall time within 1.3x of the floor
// (requests x latency / parallelism), peak RSS under 200 MB for 1,000 projects.
// Run by `pnpm bench` (after `pnpm build`; `pnpm bench -- --no-plan` skips it), or alone: `node scripts/bench-plan.mjs`.
// Knobs (environment): BENCH_PLAN_PROJECTS (500), BENCH_PLAN_RSS_PROJECTS (1000), BENCH_PLAN_LATENCY_MS (25),
// BENCH_PLAN_PARALLELISM (8).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measurePlan } from './bench-plan-run.mjs';

const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 200;
const READS_PER_PROJECT = 4;

function knob(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1`);
  return value;
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (usage) => (usage ? (usage.maxRssKiB * 1024) / 1e6 : undefined);

// Problems that make a run's figures meaningless: each is printed and fails the benchmark.
function runProblems(run) {
  const problems = [];
  if (run.child.status !== 0) {
    const first = run.child.stderr.trim().split('\n').slice(0, 5).join('\n    ');
    problems.push(`atlas-cmk plan exited ${run.child.status}:\n    ${first}`);
  }
  if (run.leaked) problems.push('a canary secret appeared in the output of atlas-cmk plan');
  if (run.requests.errors > 0) problems.push(`${run.requests.errors} Atlas requests were answered with an error`);
  if (run.requests.other > 0) problems.push(`${run.requests.other} requests were not reads of a described project`);
  if (run.child.status === 0 && run.plannedProjects !== run.count)
    problems.push(`the plan covers ${run.plannedProjects ?? 'no'} projects, not ${run.count}`);
  if (run.usage === undefined) problems.push('the peak RSS probe wrote nothing');
  return problems;
}

const COLUMNS = [
  ['projects', (r) => String(r.count)],
  ['requests', (r) => String(r.requests.total)],
  ['digest 401', (r) => String(r.requests.challenges)],
  ['wall s', (r) => (r.wallMs / 1000).toFixed(2)],
  [
    '= before + reads + after s',
    (r) => [r.beforeReadsMs, r.readSpanMs, r.afterReadsMs].map((ms) => (ms / 1000).toFixed(2)).join(' + '),
  ],
  ['floor s', (r) => (r.floorMs / 1000).toFixed(2)],
  ['x floor', (r) => (r.wallMs / r.floorMs).toFixed(2)],
  ['reference s', (r) => (r.referenceMs === undefined ? '-' : (r.referenceMs / 1000).toFixed(2))],
  ['peak RSS MB', (r) => (r.usage ? megabytes(r.usage).toFixed(1) : '-')],
  ['child CPU s', (r) => (r.usage ? ((r.usage.userCpuUs + r.usage.systemCpuUs) / 1e6).toFixed(2) : '-')],
  ['sim CPU s', (r) => (r.sim.cpuMs / 1000).toFixed(2)],
  ['sim loop p99 ms', (r) => r.sim.loopP99Ms.toFixed(1)],
];

function printRuns(runs) {
  const cells = runs.map((r) => COLUMNS.map(([, cell]) => cell(r)));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  console.log(`  ${COLUMNS.map(([title], i) => title.padStart(widths[i])).join('  ')}`);
  for (const row of cells) console.log(`  ${row.map((cell, i) => cell.padStart(widths[i])).join('  ')}`);
}

/** Runs the plan benchmark and prints its table; resolves to true when a target was missed or a run failed. */
export async function runPlanBench({ root, bin, work }) {
  let main;
  let big;
  try {
    const projects = knob('BENCH_PLAN_PROJECTS', 500);
    const rssProjects = knob('BENCH_PLAN_RSS_PROJECTS', 1000);
    const latencyMs = knob('BENCH_PLAN_LATENCY_MS', 25);
    const parallelism = knob('BENCH_PLAN_PARALLELISM', 8);
    console.log('');
    console.log(
      `plan against atlas-sim (3 regions x 5 Azure clusters per project; every Atlas answer delayed ${latencyMs} ms;` +
        ` --parallelism ${parallelism}; rate limits lifted, so no request waits for a 429)`,
    );
    console.log('');
    main = await measurePlan({ root, bin, work, count: projects, parallelism, latencyMs, reference: true });
    big = await measurePlan({ root, bin, work, count: rssProjects, parallelism, latencyMs });
  } catch (error) {
    console.log(`  FAILED the plan benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
    return true;
  }
  printRuns([main, big]);

  const reads = (r) =>
    `${r.requests.min} / ${r.requests.max} / ${r.requests.mean.toFixed(2)} (min/max/mean), probes ${r.requests.probesMin}-${r.requests.probesMax}`;
  const readsOk = (r) =>
    r.requests.min === READS_PER_PROJECT &&
    r.requests.max === READS_PER_PROJECT &&
    r.requests.probesMin === 1 &&
    r.requests.probesMax === 1;
  const ratio = main.wallMs / main.floorMs;
  const rss = megabytes(big.usage);
  const rows = [
    [`Atlas reads per project, ${main.count}`, reads(main), `= ${READS_PER_PROJECT} + 1 probe`, readsOk(main)],
    [`Atlas reads per project, ${big.count}`, reads(big), `= ${READS_PER_PROJECT} + 1 probe`, readsOk(big)],
    [
      `wall time / floor, ${main.count}`,
      `${seconds(main.wallMs)} / ${seconds(main.floorMs)} = ${ratio.toFixed(2)}x`,
      `<= ${TARGET_RATIO}x`,
      ratio <= TARGET_RATIO,
    ],
    [
      `peak RSS, ${big.count} projects`,
      rss === undefined ? 'not measured' : `${rss.toFixed(1)} MB`,
      `< ${TARGET_RSS_MB} MB`,
      rss !== undefined && rss < TARGET_RSS_MB,
    ],
  ];
  console.log('');
  console.log('  what                                measured                            target     result');
  for (const [what, measured, target, ok] of rows) {
    console.log(`  ${what.padEnd(34)}  ${measured.padEnd(34)}  ${target.padEnd(9)}  ${ok ? 'met' : 'MISSED'}`);
  }
  console.log(
    `  (floor = requests x ${main.latencyMs} ms / ${main.parallelism}; "digest 401" is the one HTTP Digest challenge of a run,` +
      ' not a read of a project)',
  );
  console.log(
    '  (before: start-up and loading until the first request; reads: first request to last answer; after: policy,' +
      ' planning and output)',
  );
  console.log(
    `  (reference: the same ${READS_PER_PROJECT} reads per project with the same parallelism from a bare client, nothing` +
      ` else: ${(main.referenceMs / main.floorMs).toFixed(2)}x the floor on this machine now, ${availableParallelism()} cores,` +
      ` load average ${loadavg()[0].toFixed(1)})`,
  );
  const problems = [main, big].flatMap((r) => runProblems(r).map((p) => `${r.count} projects: ${p}`));
  for (const p of problems) console.log(`  FAILED ${p}`);
  return problems.length > 0 || rows.some((row) => !row[3]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = new URL('..', import.meta.url).pathname;
  const bin = join(root, 'packages/cli-ink/dist/bin.js');
  if (!existsSync(bin)) {
    console.error('bench-plan: packages/cli-ink/dist/bin.js is missing; run `pnpm build` first.');
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'atlas-cmk-bench-plan-'));
  try {
    process.exitCode = (await runPlanBench({ root, bin, work })) ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
