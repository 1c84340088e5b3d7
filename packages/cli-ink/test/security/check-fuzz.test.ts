import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRulesDir } from '@atlas-cmk/policies';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// The built core, as the binary runs it (with its build-time validator): run `pnpm build` first, as for the
// end-to-end tests. Loading the sources would compile the desired-state schema on every call.
import { loadRulePacks, type LoadedRules } from '../../../core/dist/index.js';
import { checkProperty } from '../../../core/test/fuzz/check-property.js';
import { desiredStateFile, VALID_DESIRED_STATE, type FileOrigin } from '../../../core/test/fuzz/desired-state-files.js';
import { applyMutation, mutationOf, pathsOf, renderTree, type Tree } from '../../../core/test/fuzz/tree-mutations.js';
import { checkInProcess, STACK_FRAME, unlocated, type CheckOutcome } from './check-pipeline.js';

/** Generated desired-state files checked in-process: at least 10,000 (`FUZZ_RUNS` changes it for a local run). */
const FILE_RUNS = Number(process.env.FUZZ_RUNS ?? 10_240);
/**
 * A file is checked within this, even a 1 MB one, 1,000 levels deep, or one with 10,000 wrong values that
 * each get a located error (the slowest kind, about a second on a quiet core).
 */
const PER_FILE_MS = 5_000;
const SECRET = 'canary-inline-secret-Zp41Wq';

let dir: string;
let pack: LoadedRules;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-fuzz-'));
  pack = await loadRulePacks([builtinRulesDir]);
  expect(pack.diagnostics).toEqual([]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The invariants of `check` for any input: located diagnostics, no stack frame in any format, and bounded time.
 * A slow run is timed once more before it counts: on shared CI cores a garbage collection or a busy neighbour
 * can stall one run, while a truly slow input is slow every time.
 */
async function expectWellBehaved(name: string, content: string | Uint8Array): Promise<CheckOutcome> {
  let outcome = await checkInProcess(dir, name, content, pack);
  if (outcome.elapsedMs > PER_FILE_MS) outcome = await checkInProcess(dir, name, content, pack);
  const problem = unlocated(outcome.findings, name);
  if (problem) throw new Error(problem);
  if (outcome.elapsedMs > PER_FILE_MS) throw new Error(`check took ${Math.round(outcome.elapsedMs)} ms, twice`);
  for (const out of outcome.outputs) if (STACK_FRAME.test(out)) throw new Error(`stack frame in output:\n${out}`);
  return outcome;
}

describe('check on generated desired-state files (in-process, real files)', () => {
  it(`never throws, locates every diagnostic and stays fast on ${FILE_RUNS.toLocaleString('en-US')} files`, async () => {
    const origins = new Map<FileOrigin, number>();
    let withFindings = 0;
    await checkProperty(
      fc.asyncProperty(desiredStateFile, async (generated) => {
        origins.set(generated.origin, (origins.get(generated.origin) ?? 0) + 1);
        const outcome = await expectWellBehaved('desired.yaml', generated.text);
        if (outcome.findings.length > 0) withFindings += 1;
      }),
      FILE_RUNS,
    );
    const total = [...origins.values()].reduce((a, b) => a + b, 0);
    console.log(
      `fuzz: ${total.toLocaleString('en-US')} desired-state files (${[...origins].map(([o, n]) => `${n} ${o}`).join(', ')}), ${withFindings} with findings, 0 failures`,
    );
    expect(total).toBeGreaterThanOrEqual(FILE_RUNS);
    // The generators reach both sides: files with problems and files check accepts.
    expect(withFindings).toBeGreaterThan(FILE_RUNS / 4);
    expect(withFindings).toBeLessThan(total);
  }, 300_000);

  it('reports arbitrary bytes (binary, invalid UTF-8) as located diagnostics', async () => {
    await checkProperty(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await expectWellBehaved('bytes.yaml', bytes);
      }),
      300,
    );
  });

  it('never prints an inline secret, whatever else is wrong with the document', async () => {
    const valid = parse(VALID_DESIRED_STATE) as Tree;
    const others = pathsOf(valid).filter((p) => p.join('.') !== 'spec.azureKeyVault.secret' && p.length > 2);
    await checkProperty(
      fc.asyncProperty(fc.array(mutationOf(others), { maxLength: 3 }), async (mutations) => {
        const withSecret = applyMutation(valid, {
          kind: 'replace',
          path: ['spec', 'azureKeyVault', 'secret'],
          value: SECRET,
        });
        const text = renderTree(mutations.reduce(applyMutation, withSecret), 'yaml');
        const outcome = await expectWellBehaved('inline.yaml', text);
        for (const out of outcome.outputs) if (out.includes(SECRET)) throw new Error(`the secret was printed:\n${out}`);
      }),
      300,
    );
  });
});
