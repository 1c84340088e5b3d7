/* global fetch */
// One measured run of the plan benchmark: start atlas-sim in this process with a latency fault on every Atlas
// request, run the BUILT `atlas-cmk plan DIR --format json` as a child process against it, and read the figures
// from the simulator's request log and the child's exit probe.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { benchFixture, projectId, PUBLIC_KEY, SECRETS, writeDesiredState } from './bench-plan-world.mjs';

const GROUP_PATH = /^\/api\/atlas\/v2\/groups\/([0-9a-f]{24})(?:[/?]|$)/;

// The child's environment: the caller's, without any Atlas or Azure credential it may carry.
function childEnv(sim, probeFile) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(MONGODB_ATLAS_|AZURE_|ATLAS_CMK_)/.test(name)),
  );
  return {
    ...env,
    NO_COLOR: '1',
    MONGODB_ATLAS_BASE_URL: sim.urls.atlas,
    MONGODB_ATLAS_PUBLIC_API_KEY: PUBLIC_KEY,
    MONGODB_ATLAS_PRIVATE_API_KEY: SECRETS.atlasPrivateKey,
    AZURE_CLIENT_SECRET: SECRETS.azureClientSecret,
    ATLAS_CMK_BENCH_PROBE_FILE: probeFile,
  };
}

// Asynchronous on purpose: the simulator answers from this process's event loop while the child runs.
function runChild(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

// Simulated minus real time: the request log is stamped with the simulator's clock (real time here, timeScale 1).
async function clockOffsetMs(sim) {
  const response = await fetch(`${sim.urls.control}/clock`);
  const { now } = await response.json();
  return Date.parse(now) - Date.now();
}

/**
 * The inactive-project probe plan makes once per project after its reads: a DELETE of an endpoint id that cannot
 * exist, answered 404 (packages/runner/src/live/probe-project-active.ts). Counted apart from the reads.
 */
const PROBE_PATH = /\/encryptionAtRest\/AZURE\/privateEndpoints\/0{24}$/;

/**
 * Reads (GET) per project, the probes, and the requests that were neither, from the simulator's request log.
 * The probe's 404 is its expected answer, not an error.
 */
export function countRequests(log, ids) {
  const perProject = new Map(ids.map((id) => [id, 0]));
  const probesPerProject = new Map(ids.map((id) => [id, 0]));
  let challenges = 0;
  let errors = 0;
  let other = 0;
  for (const entry of log) {
    const group = GROUP_PATH.exec(entry.path)?.[1];
    const probe = entry.method === 'DELETE' && PROBE_PATH.test(entry.path.split('?')[0]);
    // HTTP Digest: the first request of the run is answered with a challenge, then signed requests follow.
    if (entry.status === 401 && entry.principal === undefined) challenges += 1;
    else if (group === undefined || !perProject.has(group)) other += 1;
    else if (probe) probesPerProject.set(group, probesPerProject.get(group) + 1);
    else if (entry.method === 'GET') perProject.set(group, perProject.get(group) + 1);
    else other += 1;
    const expected = (entry.status === 401 && entry.principal === undefined) || (probe && entry.status === 404);
    if (entry.status >= 400 && !expected) errors += 1;
  }
  const counts = [...perProject.values()];
  const probes = [...probesPerProject.values()];
  const sum = counts.reduce((a, b) => a + b, 0);
  return {
    min: Math.min(...counts),
    max: Math.max(...counts),
    mean: counts.length === 0 ? 0 : sum / counts.length,
    probesMin: Math.min(...probes),
    probesMax: Math.max(...probes),
    total: log.length,
    challenges,
    errors,
    other,
  };
}

/**
 * Plan `count` projects with `parallelism` and `latencyMs` added to every Atlas answer. Returns the child's
 * result, its wall time, peak RSS and CPU time, the request counts, and the span of the Atlas reads. With
 * `reference`, then times the reference client (the same reads and nothing else) against the same simulator.
 */
export async function measurePlan({ root, bin, work, count, parallelism, latencyMs, reference = false }) {
  const simDist = join(root, 'packages/atlas-sim/dist/index.js');
  if (!existsSync(simDist)) throw new Error('packages/atlas-sim/dist/index.js is missing; run `pnpm build` first.');
  const { startSimulator } = await import(pathToFileURL(simDist).href);
  const dir = writeDesiredState(join(work, `plan-${count}`), count);
  const probeFile = join(work, `probe-${count}-${parallelism}.json`);
  const sim = await startSimulator({
    fixture: benchFixture(count),
    faults: { seed: 1, rules: [{ match: { pathPrefix: '/api/atlas' }, kind: 'latency', rate: 1, ms: latencyMs }] },
  });
  try {
    const probe = pathToFileURL(join(root, 'scripts/bench-rss-probe.mjs')).href;
    // --skip-preflight: the benchmark measures plan's Atlas reads; the Azure pre-flight checks are not its subject
    // (and a developer's own az login must not send them to Azure).
    const args = [
      ...['--import', probe, bin, 'plan', dir, '--format', 'json', '--parallelism', String(parallelism)],
      '--skip-preflight',
    ];
    // The simulator shares this process: its CPU time and event-loop delay show when it, not the CLI, is slow.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpu = process.cpuUsage();
    const env = childEnv(sim, probeFile);
    const offset = await clockOffsetMs(sim);
    const spawnedAt = Date.now();
    const started = performance.now();
    const child = await runChild(args, env);
    const wallMs = performance.now() - started;
    const exitedAt = Date.now();
    const simCpu = process.cpuUsage(cpu);
    loop.disable();
    const log = sim.requestLog();
    const ids = Array.from({ length: count }, (_, i) => projectId(i));
    const times = log.map((e) => Date.parse(e.time) - offset);
    // The log stamps each answer when it leaves; the first request arrived one latency earlier.
    const firstRequestAt = log.length === 0 ? exitedAt : Math.min(...times) - latencyMs;
    const lastAnswerAt = log.length === 0 ? exitedAt : Math.max(...times);
    const usage = existsSync(probeFile) ? JSON.parse(readFileSync(probeFile, 'utf8')) : undefined;
    let planned;
    try {
      planned = JSON.parse(child.stdout);
    } catch {
      planned = undefined;
    }
    let referenceMs;
    if (reference) {
      const script = join(root, 'scripts/bench-plan-reference.mjs');
      const refStarted = performance.now();
      const ref = await runChild([script, sim.urls.atlas, String(parallelism), ...ids], env);
      referenceMs = performance.now() - refStarted;
      if (ref.status !== 0) throw new Error(`the reference client failed: ${ref.stderr.trim().split('\n')[0]}`);
    }
    return {
      count,
      referenceMs,
      parallelism,
      latencyMs,
      child,
      wallMs,
      beforeReadsMs: firstRequestAt - spawnedAt,
      readSpanMs: lastAnswerAt - firstRequestAt,
      afterReadsMs: exitedAt - lastAnswerAt,
      floorMs: (log.length * latencyMs) / parallelism,
      requests: countRequests(log, ids),
      usage,
      sim: { cpuMs: (simCpu.user + simCpu.system) / 1000, loopP99Ms: loop.percentile(99) / 1e6 },
      plannedProjects: Array.isArray(planned?.projects) ? planned.projects.length : undefined,
      plannedSteps: planned?.summary?.steps,
      leaked: Object.values(SECRETS).some((s) => child.stdout.includes(s) || child.stderr.includes(s)),
    };
  } finally {
    await sim.close();
  }
}
