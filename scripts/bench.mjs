#!/usr/bin/env node
// pnpm bench: speed targets checked by measurement, not by timed tests.
// Prints each figure next to its target and the bare `node -e 0` start-up measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
// The command as installed (the package's `bin`), which is what a user and the pre-commit hook start.
const bin = join(root, 'packages/cli-ink/bin/atlas-cmk.cjs');
if (!existsSync(join(root, 'packages/cli-ink/dist/bin.js'))) {
  console.error('bench: packages/cli-ink/dist is missing; run `pnpm build` first.');
  process.exit(2);
}

function timeOnce(args, options = {}) {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', ...options });
  const ms = performance.now() - start;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times each command `runs` times in cold processes, taking turns (one of each per round), so that a change in
 * the machine's load during the run weighs on every command alike and the ratios stay fair.
 */
function measureInTurns(commands, runs, options) {
  for (const { args } of commands) timeOnce(args, options); // warm the file-system cache; not counted
  const times = commands.map(() => []);
  const last = [];
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ args }, k) => {
      last[k] = timeOnce(args, options);
      times[k].push(last[k].ms);
    });
  }
  return commands.map(({ label }, k) => ({
    label,
    ms: median(times[k]),
    min: Math.min(...times[k]),
    status: last[k].status,
    stderr: last[k].stderr,
  }));
}

const runs = Number(process.env.BENCH_RUNS ?? 21);
const work = mkdtempSync(join(tmpdir(), 'atlas-cmk-bench-'));
try {
  const example = readFileSync(join(root, 'examples/payments-prod.yaml'), 'utf8');
  const manyDir = join(work, 'many');
  mkdirSync(manyDir);
  for (let i = 0; i < 200; i++) {
    const id = (0x66c9e8f1dd6c996080000000n + BigInt(i)).toString(16).padStart(24, '0');
    writeFileSync(
      join(manyDir, `project-${String(i).padStart(3, '0')}.yaml`),
      example
        .replace(/projectId: [0-9a-f]{24}/, `projectId: ${id}`)
        .replace(/name: payments-prod/, `name: project-${i}`),
    );
  }
  const env = { ...process.env, NO_COLOR: '1' };
  const [bare, one, many] = measureInTurns(
    [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'check, 1 file', args: [bin, 'check', join(root, 'examples/payments-prod.yaml')] },
      { label: 'check, 200 files', args: [bin, 'check', manyDir] },
    ],
    runs,
    { env },
  );

  const rows = [
    [bare, null],
    [one, 1.3],
    [many, 2],
  ];
  console.log(
    `check start-up (median of ${runs} cold processes each, taking turns; node ${process.version}, ${process.platform}/${process.arch})`,
  );
  console.log('');
  console.log('  what                 median ms   min ms   x node -e 0   target   result');
  let failed = false;
  for (const [r, target] of rows) {
    const ratio = r.ms / bare.ms;
    const ok = target === null ? '' : ratio <= target ? 'met' : 'MISSED';
    if (ok === 'MISSED') failed = true;
    if (r.status !== 0 && r.label !== 'node -e 0') {
      console.log(`  ${r.label}: exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
      failed = true;
    }
    console.log(
      `  ${r.label.padEnd(20)} ${r.ms.toFixed(1).padStart(9)}  ${r.min.toFixed(1).padStart(7)}  ${ratio.toFixed(2).padStart(12)}  ${target === null ? '     -' : `<= ${target}x`.padStart(6)}   ${ok}`,
    );
  }
  const extra = process.argv.slice(2);
  // The plan benchmark (scripts/bench-plan.mjs) runs by default; `pnpm bench -- --no-plan` skips it.
  if (!extra.includes('--no-plan')) {
    const { runPlanBench } = await import('./bench-plan.mjs');
    failed = (await runPlanBench({ root, bin, work })) || failed;
  }
  // The apply-wait benchmark (scripts/bench-apply-wait.mjs, about 90 s) runs by default; `--no-apply-wait` skips it.
  if (!extra.includes('--no-apply-wait')) {
    const { runApplyWaitBench } = await import('./bench-apply-wait.mjs');
    failed = (await runApplyWaitBench({ root, bin, work })) || failed;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
