import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { desiredStateFile, VALID_DESIRED_STATE } from '../../../core/test/fuzz/desired-state-files.js';
import { ruleFile } from '../../../core/test/fuzz/rule-files.js';
import { hasStackTrace, runCli } from '../run-cli.js';

/** Generated files run through the built binary, two at a time (one per core). */
const BINARY_RUNS = 200;
/** Generated rule packs given to the built binary with `--policy`. */
const PACK_RUNS = 30;
const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-bin-fuzz-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atlas-cmk check (the built binary) on generated files', () => {
  it(`exits 0, 1 or 2 without a stack trace on ${BINARY_RUNS} files`, async () => {
    const files = fc.sample(desiredStateFile, { numRuns: BINARY_RUNS });
    const formats = ['text', 'json', 'sarif', 'github'];
    const exits = new Map<number | null, number>();
    for (let i = 0; i < files.length; i += 2) {
      await Promise.all(
        files.slice(i, i + 2).map(async (file, j) => {
          const name = `file-${i + j}.yaml`;
          writeFileSync(join(dir, name), file.text);
          const format = formats[(i + j) % formats.length]!;
          const r = await runCli(['check', name, '--format', format], { cwd: dir });
          exits.set(r.code, (exits.get(r.code) ?? 0) + 1);
          const where = `${name} (${file.origin}, --format ${format}): exit ${r.code}\n${r.stderr.slice(0, 2_000)}`;
          expect([0, 1, 2], where).toContain(r.code);
          expect(hasStackTrace(r.stdout + r.stderr), where).toBe(false);
          expect(r.stderr, where).not.toMatch(/internal error/);
        }),
      );
    }
    console.log(
      `fuzz: ${BINARY_RUNS} desired-state files through the binary (exit codes ${[...exits].map(([c, n]) => `${c}: ${n}`).join(', ')}), 0 failures`,
    );
  }, 300_000);

  it(`exits 0, 1 or 2 without a stack trace on ${PACK_RUNS} generated rule packs (--policy)`, async () => {
    writeFileSync(join(dir, 'desired.yaml'), VALID_DESIRED_STATE);
    const packs = fc.sample(fc.array(ruleFile, { minLength: 1, maxLength: 4 }), { numRuns: PACK_RUNS });
    for (const [i, texts] of packs.entries()) {
      const pack = join(dir, `pack-${i}`);
      mkdirSync(pack);
      texts.forEach((text, j) => writeFileSync(join(pack, `rule-${j}.yaml`), text));
      const r = await runCli(['check', 'desired.yaml', '--policy', `pack-${i}`], { cwd: dir });
      const where = `pack-${i}: exit ${r.code}\n${r.stdout.slice(0, 2_000)}${r.stderr.slice(0, 2_000)}`;
      expect([0, 1, 2], where).toContain(r.code);
      expect(hasStackTrace(r.stdout + r.stderr), where).toBe(false);
      expect(r.stderr, where).not.toMatch(/internal error/);
    }
  }, 300_000);
});
