// Start-up cost of the policy engine in a cold node process: load the built-in pack and evaluate one
// document, once from the precompiled module (what `pnpm build` produces) and once compiling every rule
// at run time. Needs `pnpm build`. Usage: node policies/scripts/bench-load.mjs [runs]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const pack = fileURLToPath(new URL('..', import.meta.url));
const generated = join(pack, 'generated', 'precompiled-rules.js');
if (!existsSync(generated)) {
  console.error('bench-load: generated/precompiled-rules.js is missing; run `pnpm build` first.');
  process.exit(2);
}
const runs = Number(process.argv[2] ?? 15);
const fixture = join(pack, 'fixtures/cmk/key-identifier-format/pass/versioned.yaml');
// A copy of the rules without generated/: the engine has to compile them.
const uncompiled = join(mkdtempSync(join(tmpdir(), 'atlas-cmk-bench-')), 'rules');
cpSync(join(pack, 'rules'), uncompiled, { recursive: true });

// The built-in pack is named with its module loader, as the CLI does; the copy is read as YAML only.
const script = (rulesDir, precompiled) => `
  const core = await import('@atlas-cmk/core');
  const { loadBuiltinPrecompiled } = await import(${JSON.stringify(join(pack, 'index.js'))});
  const options = ${precompiled} ? { precompiled: new Map([[${JSON.stringify(rulesDir)}, loadBuiltinPrecompiled]]) } : {};
  const { rules, diagnostics } = await core.loadRulePacks([${JSON.stringify(rulesDir)}], options);
  const { documents } = await core.loadDesiredState([${JSON.stringify(fixture)}]);
  const result = core.evaluatePolicy({ rules, documents, scope: 'static', today: '2026-01-01' });
  if (rules.length !== 15 || diagnostics.length > 0 || result.counts.pass === 0) process.exit(1);`;

function time(args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: pack, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - start;
}

const cases = {
  'node -e 0': ['-e', '0'],
  'precompiled pack': ['--input-type=module', '-e', script(join(pack, 'rules'), true)],
  'runtime compile': ['--input-type=module', '-e', script(uncompiled, false)],
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const args of Object.values(cases)) time(args); // warm the file-system cache
for (let i = 0; i < runs; i += 1) for (const [k, args] of Object.entries(cases)) samples[k].push(time(args));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples['node -e 0']);
for (const [k, xs] of Object.entries(samples)) {
  console.log(
    `${k.padEnd(18)} ${median(xs).toFixed(0).padStart(5)} ms  (${(median(xs) / base).toFixed(2)}x node -e 0)`,
  );
}
