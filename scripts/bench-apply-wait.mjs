#!/usr/bin/env node
// The apply-wait benchmark: `atlas-cmk apply` of the bundled examples against atlas-sim on a slowed clock, so that
// the run spends about 80 s waiting for Atlas. Two figures, with their targets:
//   - the CPU the apply process uses while its live view waits: at most 3% of one core over 60 s of wall time,
//     read from /proc/<pid>/stat (utime + stime) of the process drawing the view in a real terminal (tmux);
//     the same apply with --format plain, in a pipe at the same time, is printed beside it for reference;
//   - apply's wall time against the simulated critical path of its plan (the longest chain of waits the
//     simulator imposes, from the fixture's timing and the time scale): at most 1.1x.
// Run by `pnpm bench` (after `pnpm build`; `pnpm bench -- --no-apply-wait` skips it), or alone:
// `node scripts/bench-apply-wait.mjs`. Needs Linux (/proc) and tmux. Knobs (environment):
// BENCH_APPLY_TIME_SCALE (1.875: 150 simulated seconds of waits in 80 s), BENCH_APPLY_POLL (1s).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const TARGET_CPU_PERCENT = 3;
const TARGET_RATIO = 1.1;
const WINDOW_MS = 60_000;
/** The window starts once the plan is read and the view is up: start-up is the start-up benchmark's business. */
const WINDOW_START_MS = 5_000;

/** Seconds of simulated time each waiting step kind takes in the simulator, from the fixture's `timing`. */
function waitSeconds(kind, timing) {
  switch (kind) {
    case 'endpoint.waitPendingAcceptance':
      return timing.initiatingSeconds ?? 30;
    case 'endpoint.waitActive':
      return timing.approvalReflectionSeconds ?? 60;
    case 'endpoint.waitDeleted':
      return timing.deletingSeconds ?? 30;
    case 'cluster.waitIdle':
      return timing.clusterUpdateSeconds ?? 60;
    default:
      return 0;
  }
}

/** The longest chain of simulated waits through each project's step graph, in wall milliseconds. */
export function criticalPathMs(plan, timing, timeScale) {
  let longest = 0;
  for (const project of plan.projects) {
    const byId = new Map(project.steps.map((s) => [s.id, s]));
    const memo = new Map();
    const finish = (step) => {
      if (memo.has(step.id)) return memo.get(step.id);
      const before = Math.max(0, ...(step.dependsOn ?? []).map((d) => (byId.has(d) ? finish(byId.get(d)) : 0)));
      const at = before + waitSeconds(step.kind, timing);
      memo.set(step.id, at);
      return at;
    };
    for (const step of project.steps) longest = Math.max(longest, finish(step));
  }
  return (longest * 1000) / timeScale;
}

/** CPU time (user + system) of a live process in milliseconds, from /proc; undefined once it has gone. */
function cpuMs(pid, tick) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
  } catch {
    return undefined;
  }
}

/** Samples a process's CPU time every second; `window()` gives the CPU used between two wall times. */
function sampleCpu(pid, tick, startedAt) {
  const samples = [];
  const timer = setInterval(() => {
    const cpu = cpuMs(pid, tick);
    if (cpu !== undefined) samples.push({ at: performance.now() - startedAt, cpu });
  }, 1000);
  return {
    stop: () => clearInterval(timer),
    window(fromMs, toMs) {
      const first = samples.find((s) => s.at >= fromMs);
      const last = samples.findLast((s) => s.at <= toMs);
      if (!first || !last || last.at - first.at < (toMs - fromMs) * 0.9) return undefined;
      return { cpuMs: last.cpu - first.cpu, wallMs: last.at - first.at };
    },
  };
}

/**
 * The environment a user pastes from `atlas-sim --env` (the simulator's own list: Atlas, Entra ID, ARM, Key Vault,
 * Microsoft Graph and the run's certificate), so plan's Azure pre-flight and apply's approvals reach the simulator.
 */
function simulatorEnv(simEnvironment, sim, fixture) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color' };
  for (const { name, value } of simEnvironment(sim, fixture)) env[name] = value;
  return env;
}

async function startWorld(root, timeScale) {
  const simDist = join(root, 'packages/atlas-sim/dist/index.js');
  const { startSimulator, loadFixtureFile, simEnvironment } = await import(pathToFileURL(simDist).href);
  const fixturePath = join(root, 'packages/cli-ink/examples/sim-fixture.yaml');
  const fixture = await loadFixtureFile(fixturePath);
  const sim = await startSimulator({ fixture: fixturePath, timeScale });
  return { sim, fixture, env: simulatorEnv(simEnvironment, sim, fixture) };
}

/** The apply in a real terminal: a tmux server of its own, the apply as the pane's process (so its pid is known). */
async function applyInTerminal({ bin, examples, env, poll, work }) {
  const socket = `atlas-cmk-bench-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
  const exports = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
  const command = `cd ${quote(work)} && exec env -i ${exports.join(' ')} ${quote(process.execPath)} ${quote(bin)} apply ${quote(examples)} --auto-approve --poll-interval ${poll}`;
  const startedAt = performance.now();
  tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', command);
  tmux('set-option', '-w', '-t', 'bench', 'remain-on-exit', 'on');
  const pid = Number(tmux('list-panes', '-t', 'bench', '-F', '#{pane_pid}').trim());
  return {
    pid,
    startedAt,
    async ended() {
      for (;;) {
        const [dead, status] = tmux('list-panes', '-t', 'bench', '-F', '#{pane_dead} #{pane_dead_status}')
          .trim()
          .split(' ');
        if (dead === '1') {
          const wallMs = performance.now() - startedAt;
          const screen = tmux('capture-pane', '-p', '-t', 'bench');
          return { status: Number(status), wallMs, screen };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close() {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
}

function applyPlain({ bin, examples, env, poll, work }) {
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [bin, 'apply', examples, '--auto-approve', '--format', 'plain', '--poll-interval', poll],
    {
      cwd: work,
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const ended = new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, wallMs: performance.now() - startedAt, output })),
  );
  return { pid: child.pid, startedAt, ended: () => ended };
}

function runToEnd(args, options) {
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

/** Runs the benchmark, prints its figures; resolves true when a target was missed or the run went wrong. */
export async function runApplyWaitBench({ root, bin, work }) {
  const timeScale = Number(process.env.BENCH_APPLY_TIME_SCALE ?? 1.875);
  const poll = process.env.BENCH_APPLY_POLL ?? '1s';
  console.log('');
  console.log(
    `apply waiting on a slowed clock (bundled examples, simulator time x${timeScale}, --poll-interval ${poll})`,
  );
  console.log('');
  if (process.platform !== 'linux') {
    console.log('  skipped: the CPU figure reads /proc, which only Linux has.');
    return false;
  }
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    console.log('  MISSED: tmux is not installed; the live view needs a real terminal to measure.');
    return true;
  }
  const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const examples = join(root, 'packages/cli-ink/examples');
  const ink = await startWorld(root, timeScale);
  const plain = await startWorld(root, timeScale);
  const dir = mkdtempSync(join(work, 'apply-wait-'));
  let terminal;
  try {
    // The plan, saved, is what the critical path is computed from: the same steps apply runs.
    const planFile = join(dir, 'plan.json');
    // Not spawnSync: the simulator answers from this process's event loop.
    const planned = await runToEnd([bin, 'plan', examples, '--out', planFile], { env: ink.env, cwd: dir });
    if (planned.status !== 0) {
      console.log(`  MISSED: atlas-cmk plan exited ${planned.status}:\n${planned.stderr}`);
      return true;
    }
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    const criticalMs = criticalPathMs(plan, ink.fixture.timing ?? {}, timeScale);

    terminal = await applyInTerminal({ bin, examples, env: ink.env, poll, work: dir });
    const plainRun = applyPlain({ bin, examples, env: plain.env, poll, work: dir });
    const inkCpu = sampleCpu(terminal.pid, tick, terminal.startedAt);
    const plainCpu = sampleCpu(plainRun.pid, tick, plainRun.startedAt);
    const [inkEnd, plainEnd] = await Promise.all([terminal.ended(), plainRun.ended()]);
    inkCpu.stop();
    plainCpu.stop();

    let failed = false;
    const problems = [];
    if (inkEnd.status !== 0) problems.push(`apply in the terminal exited ${inkEnd.status}:\n${inkEnd.screen}`);
    if (plainEnd.status !== 0) problems.push(`apply --format plain exited ${plainEnd.status}:\n${plainEnd.output}`);
    const windowEnd = WINDOW_START_MS + WINDOW_MS;
    if (criticalMs < windowEnd + 5_000)
      problems.push(
        `the waits last ${(criticalMs / 1000).toFixed(0)} s: too short for a 60 s window; lower BENCH_APPLY_TIME_SCALE`,
      );
    const inkWindow = inkCpu.window(WINDOW_START_MS, windowEnd);
    const plainWindow = plainCpu.window(WINDOW_START_MS, windowEnd);
    if (!inkWindow) problems.push('the apply in the terminal ended before the 60 s window was over');
    for (const p of problems) console.log(`  MISSED: ${p}`);
    if (problems.length > 0) return true;

    const percent = (w) => (100 * w.cpuMs) / w.wallMs;
    const inkPercent = percent(inkWindow);
    const ratio = inkEnd.wallMs / criticalMs;
    const cpuOk = inkPercent <= TARGET_CPU_PERCENT;
    const ratioOk = ratio <= TARGET_RATIO;
    failed = !cpuOk || !ratioOk;
    console.log('  what                                           measured   target     result');
    console.log(
      `  CPU while waiting, live view (60 s window)     ${`${inkPercent.toFixed(2)}%`.padStart(8)}   <= ${TARGET_CPU_PERCENT}%      ${cpuOk ? 'met' : 'MISSED'}`,
    );
    if (plainWindow)
      console.log(
        `  CPU while waiting, --format plain (reference)  ${`${percent(plainWindow).toFixed(2)}%`.padStart(8)}   -`,
      );
    console.log(
      `  apply wall time / simulated critical path      ${ratio.toFixed(3).padStart(8)}   <= ${TARGET_RATIO}x     ${ratioOk ? 'met' : 'MISSED'}`,
    );
    console.log(
      `    (apply ${(inkEnd.wallMs / 1000).toFixed(1)} s, critical path ${(criticalMs / 1000).toFixed(1)} s, plain apply ${(plainEnd.wallMs / 1000).toFixed(1)} s)`,
    );
    return failed;
  } finally {
    terminal?.close();
    await ink.sim.close();
    await plain.sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = new URL('..', import.meta.url).pathname;
  const bin = join(root, 'packages/cli-ink/dist/bin.js');
  if (!existsSync(bin)) {
    console.error('bench: packages/cli-ink/dist/bin.js is missing; run `pnpm build` first.');
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'atlas-cmk-bench-'));
  try {
    process.exitCode = (await runApplyWaitBench({ root, bin, work })) ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
