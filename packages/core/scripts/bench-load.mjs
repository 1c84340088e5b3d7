// Times loadDesiredState in cold Node processes against bare `node -e 0` start-up.
// Usage (after `pnpm --filter @atlas-cmk/core build`): node packages/core/scripts/bench-load.mjs [runs]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const example = readFileSync(join(root, '../../examples/payments-prod.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-bench-'));

try {
  for (let i = 0; i < 200; i += 1) {
    const id = (0x66c9e8f1dd6c996080240000n + BigInt(i)).toString(16);
    writeFileSync(join(dir, `p${String(i).padStart(3, '0')}.yaml`), example.replace('66c9e8f1dd6c9960802420e9', id));
  }
  const entry = (module) => pathToFileURL(join(root, module)).href;
  const script = (module, paths) =>
    `const { loadDesiredState } = await import(${JSON.stringify(entry(module))});` +
    `const r = await loadDesiredState(${JSON.stringify(paths)}, { cwd: ${JSON.stringify(dir)} });` +
    `if (r.diagnostics.length || r.documents.length !== ${paths[0] === '.' ? 200 : 1}) { console.error(r.diagnostics); process.exit(1); }`;
  const cases = [
    ['node -e 0', ['-e', '0']],
    ['load 1 file (dist/load)', ['--input-type=module', '-e', script('dist/load/index.js', ['p000.yaml'])]],
    ['load 200 files (dist/load)', ['--input-type=module', '-e', script('dist/load/index.js', ['.'])]],
    [
      'load 1 file (dist/index: loader + policy engine)',
      ['--input-type=module', '-e', script('dist/index.js', ['p000.yaml'])],
    ],
    [
      'load 200 files (dist/index: loader + policy engine)',
      ['--input-type=module', '-e', script('dist/index.js', ['.'])],
    ],
  ];
  const medians = new Map();
  for (const [name, args] of cases) {
    execFileSync(process.execPath, args, { stdio: 'inherit' }); // warm the file-system cache
    const times = [];
    for (let run = 0; run < runs; run += 1) {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, args, { stdio: 'inherit' });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    medians.set(name, times[Math.floor(times.length / 2)]);
  }
  const base = medians.get('node -e 0');
  for (const [name, median] of medians)
    console.log(`${name.padEnd(52)} median ${median.toFixed(1).padStart(6)} ms  ${(median / base).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
