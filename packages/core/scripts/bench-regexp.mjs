#!/usr/bin/env node
// Catastrophic regular expressions on the linear-time engine: each pattern, written in a rule pack or taken
// from the checked file ($data), is evaluated against 50,000 characters built to make a backtracking engine
// explode. Target: every evaluation under 100 ms. Run after `pnpm build`:
//   node packages/core/scripts/bench-regexp.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRulePacks } from '../dist/index.js';

const TARGET_MS = 100;
const LENGTH = 50_000;
const cases = [
  { pattern: '(a|a)*$', input: `${'a'.repeat(LENGTH - 1)}!` },
  { pattern: '^(a|a)*$', input: `${'a'.repeat(LENGTH - 1)}!` },
  { pattern: '(a+)+$', input: `${'a'.repeat(LENGTH - 1)}!` },
  { pattern: '(a|aa)*b', input: 'a'.repeat(LENGTH) },
  { pattern: '^(\\w+\\s?)*$', input: `${'a'.repeat(LENGTH - 1)}!` },
];

const rule = (id, condition) => `id: ${id}
severity: warning
scope: static
description: A pattern.
docs: https://example.com/rules/pattern
assert:
  properties:
    derived:
      properties:
        value: ${condition}
message: no match
`;

const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-bench-regexp-'));
try {
  cases.forEach((c, i) =>
    writeFileSync(join(dir, `${i}.yaml`), rule(`bench/literal-${i}`, `{ pattern: ${JSON.stringify(c.pattern)} }`)),
  );
  writeFileSync(join(dir, 'data.yaml'), rule('bench/data', "{ pattern: { $data: '/derived/pattern' } }"));
  const { rules, diagnostics } = await loadRulePacks([dir]);
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const byId = new Map(rules.map((r) => [r.id, r]));
  let worst = 0;
  console.log(`pattern                 source       ${LENGTH} chars   result`);
  for (const [i, c] of cases.entries()) {
    for (const [source, id, facts] of [
      ['rule pack', `bench/literal-${i}`, { derived: { value: c.input } }],
      ['file $data', 'bench/data', { derived: { value: c.input, pattern: c.pattern } }],
    ]) {
      const assert = byId.get(id).checks[0].assert;
      const start = performance.now();
      const matched = assert(facts);
      const ms = performance.now() - start;
      worst = Math.max(worst, ms);
      console.log(
        `${c.pattern.padEnd(24)}${source.padEnd(13)}${ms.toFixed(2).padStart(9)} ms   ${matched ? 'match' : 'no match'}`,
      );
    }
  }
  console.log(`worst ${worst.toFixed(2)} ms (target < ${TARGET_MS} ms): ${worst < TARGET_MS ? 'ok' : 'OVER TARGET'}`);
  process.exitCode = worst < TARGET_MS ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
