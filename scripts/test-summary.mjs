#!/usr/bin/env node
// Reads vitest's JSON report and prints the closing line CI is judged by: "N passed, N failed".
// A failed test counts once; so does a test file that failed without a failing test of its own (an import
// error, a failing beforeAll/afterAll, an error thrown while collecting), and an unhandled error that made
// the run fail (the runner's exit code is passed as the second argument).
// Usage: node scripts/test-summary.mjs REPORT.json [RUNNER_EXIT_CODE]
import { readFileSync } from 'node:fs';

/** Count passed and failed from a vitest JSON report; `runnerExit` non-zero with nothing failed counts once. */
export function summarize(report, runnerExit = 0) {
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  let failedFiles = 0;
  for (const file of files) {
    const assertions = Array.isArray(file.assertionResults) ? file.assertionResults : [];
    const failedHere = assertions.filter((a) => a.status === 'failed').length;
    if (file.status === 'failed' && failedHere === 0) failedFiles += 1;
  }
  const passed = Number(report.numPassedTests) || 0;
  let failed = (Number(report.numFailedTests) || 0) + failedFiles;
  const skipped = (Number(report.numPendingTests) || 0) + (Number(report.numTodoTests) || 0);
  if (failed === 0 && (runnerExit !== 0 || report.success === false)) failed = 1;
  return { passed, failed, skipped, failedFiles };
}

function main() {
  const [path, exitArg] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node scripts/test-summary.mjs REPORT.json [RUNNER_EXIT_CODE]');
    process.exit(2);
  }
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`no readable test report at ${path}: ${error instanceof Error ? error.message : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const { passed, failed, skipped, failedFiles } = summarize(report, Number(exitArg ?? 0) || 0);
  if (failedFiles > 0) console.error(`${failedFiles} test file(s) failed outside any test (import error or hook)`);
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
