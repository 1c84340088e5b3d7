import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const SUMMARY = join(REPO_ROOT, 'scripts/test-summary.mjs');
const VITEST = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');

// CI's closing line must count what failed outside any test: a file whose import fails and a failing hook
// report no failed test of their own. This runs the real vitest on such files and counts its real report.
describe('the closing line of CI', () => {
  let dir = '';
  let report: unknown;
  let runnerExit = 0;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-summary-'));
    writeFileSync(join(dir, 'vitest.config.mjs'), 'export default { test: { include: ["*.check.mjs"] } };\n');
    writeFileSync(
      join(dir, 'passes.check.mjs'),
      'import { it, expect } from "vitest";\nit("adds", () => expect(1 + 1).toBe(2));\nit("subtracts", () => expect(2 - 1).toBe(1));\n',
    );
    writeFileSync(
      join(dir, 'import-error.check.mjs'),
      'import { it, expect } from "vitest";\nimport "./no-such-module.mjs";\nit("never runs", () => expect(true).toBe(true));\n',
    );
    writeFileSync(
      join(dir, 'hook-fails.check.mjs'),
      'import { beforeAll, it, expect } from "vitest";\nbeforeAll(() => { throw new Error("setup broke"); });\nit("never runs", () => expect(true).toBe(true));\n',
    );
    writeFileSync(
      join(dir, 'test-fails.check.mjs'),
      'import { it, expect } from "vitest";\nit("is wrong", () => expect(1).toBe(2));\n',
    );
    const run = spawnSync(
      process.execPath,
      [VITEST, 'run', '--root', dir, '--reporter=json', '--outputFile=report.json'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' }, timeout: 120_000 },
    );
    runnerExit = run.status ?? 1;
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  }, 150_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const summarize = (path: string, exit: number) =>
    spawnSync(process.execPath, [SUMMARY, path, String(exit)], { encoding: 'utf8' });

  it('counts a file that fails to import and a failing beforeAll as failures, next to the failed test', () => {
    expect(runnerExit).not.toBe(0);
    const reportFile = join(dir, 'report.json');
    const result = summarize(reportFile, runnerExit);
    expect(result.stdout.trim()).toBe('2 passed, 3 failed, 1 skipped');
    expect(result.stderr).toContain('2 test file(s) failed outside any test');
    expect(result.status).toBe(1);
    // The raw count of failed tests would have said 1: the two broken files are the difference.
    expect((report as { numFailedTests: number }).numFailedTests).toBe(1);
  });

  it('counts a run that failed with every test passing (an unhandled error) as one failure', () => {
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify({ numPassedTests: 4, numFailedTests: 0, testResults: [], success: true }));
    expect(summarize(clean, 0).stdout.trim()).toBe('4 passed, 0 failed');
    expect(summarize(clean, 1).stdout.trim()).toBe('4 passed, 1 failed');
  });

  it('says one failure when the report is missing', () => {
    const result = summarize(join(dir, 'absent.json'), 1);
    expect(result.stdout.trim()).toBe('0 passed, 1 failed');
    expect(result.status).toBe(1);
  });
});
