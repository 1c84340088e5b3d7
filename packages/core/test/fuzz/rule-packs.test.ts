import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePolicy, loadDesiredState, loadRulePacks, type Diagnostic, type LoadResult } from '../../src/index.js';
import { checkProperty } from './check-property.js';
import { VALID_DESIRED_STATE } from './desired-state-files.js';
import { ruleFile } from './rule-files.js';

/** Rule packs generated, each of FILES_PER_PACK files (the issue asks for policy packs as well as files). */
const PACKS = 100;
const FILES_PER_PACK = 10;

let dir: string;
let desired: LoadResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-rule-fuzz-'));
  writeFileSync(join(dir, 'desired.yaml'), VALID_DESIRED_STATE);
  desired = await loadDesiredState(['desired.yaml'], { cwd: dir });
  expect(desired.diagnostics).toEqual([]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectLocated(diagnostics: readonly Diagnostic[], files: readonly string[]): void {
  for (const d of diagnostics) {
    if (!files.includes(d.file) || !(d.line >= 1) || !(d.column >= 1) || d.message.trim() === '')
      throw new Error(`unlocated diagnostic: ${JSON.stringify(d).slice(0, 500)}`);
    if (/^\s+at .+:\d+:\d+\)?$/m.test(d.message)) throw new Error(`stack frame in a message: ${d.message}`);
  }
}

describe('loadRulePacks on generated rule files', () => {
  it(`never throws and locates every problem in ${PACKS * FILES_PER_PACK} rule files`, async () => {
    let packNumber = 0;
    let loadedRules = 0;
    let refused = 0;
    await checkProperty(
      fc.asyncProperty(fc.array(ruleFile, { minLength: FILES_PER_PACK, maxLength: FILES_PER_PACK }), async (texts) => {
        packNumber += 1;
        const packDir = join(dir, `pack-${packNumber}`);
        mkdirSync(packDir);
        const files = texts.map((text, i) => {
          const path = join(packDir, `rule-${i}.yaml`);
          writeFileSync(path, text);
          return path;
        });
        const pack = await loadRulePacks([packDir]);
        expectLocated(pack.diagnostics, files);
        loadedRules += pack.rules.length;
        refused += new Set(pack.diagnostics.map((d) => d.file)).size;
        // Whatever loaded also runs: evaluating the example document never throws, and findings are located.
        const policy = evaluatePolicy({
          rules: pack.rules,
          documents: desired.documents,
          scope: 'all',
          today: '2026-06-01',
        });
        expectLocated(policy.findings, ['desired.yaml']);
      }),
      PACKS,
    );
    console.log(
      `fuzz: ${(PACKS * FILES_PER_PACK).toLocaleString('en-US')} rule files in ${PACKS} packs: ${loadedRules} rules loaded, ${refused} files refused with located diagnostics, 0 failures`,
    );
    // The generators reach both sides: rules that load and rules that are refused.
    expect(loadedRules).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
