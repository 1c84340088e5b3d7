// Times loadDesiredState in cold Node processes against bare `node -e 0` start-up: wall-clock time, and
// CPU time (user + system, from the process itself), which stays meaningful on a busy machine.
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
  // Every process prints its own CPU time at exit (getrusage: includes Node's start-up).
  const report = `process.on('exit', () => { const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000)); });`;
  const cases = [
    ['node -e 0', ['-e', report]],
    ['load 1 file (dist/load)', ['--input-type=module', '-e', report + script('dist/load/index.js', ['p000.yaml'])]],
    ['load 200 files (dist/load)', ['--input-type=module', '-e', report + script('dist/load/index.js', ['.'])]],
    [
      'load 1 file (dist/index: loader + policy engine)',
      ['--input-type=module', '-e', report + script('dist/index.js', ['p000.yaml'])],
    ],
    [
      'load 200 files (dist/index: loader + policy engine)',
      ['--input-type=module', '-e', report + script('dist/index.js', ['.'])],
    ],
  ];
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const results = new Map();
  for (const [name, args] of cases) {
    execFileSync(process.execPath, args); // warm the file-system cache
    const wall = [];
    const cpu = [];
    for (let run = 0; run < runs; run += 1) {
      const started = process.hrtime.bigint();
      const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
      wall.push(Number(process.hrtime.bigint() - started) / 1e6);
      cpu.push(Number(out));
    }
    results.set(name, { wall: median(wall), cpu: median(cpu) });
  }
  const base = results.get('node -e 0');
  for (const [name, { wall, cpu }] of results) {
    const ratio = (value, of) => `${(value / of).toFixed(2)}x`;
    console.log(
      `${name.padEnd(52)} wall ${wall.toFixed(1).padStart(6)} ms ${ratio(wall, base.wall).padStart(6)}   cpu ${cpu.toFixed(1).padStart(6)} ms ${ratio(cpu, base.cpu).padStart(6)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
