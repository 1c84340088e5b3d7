#!/usr/bin/env node
import { createRequire } from 'node:module';
import type { checkMain } from './check-main.js';
import type { CliIo } from './cli-io.js';
import { watchOutput } from './output-errors.js';

// A closed pipe or a full disk under stdout/stderr ends the process here, the one place besides the command's
// result that decides an exit code: it happens while a command is still running, outside the top-level handler.
watchOutput({ stdout: process.stdout, stderr: process.stderr }, (code) => process.exit(code));

const argv = process.argv.slice(2);
const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
};

/**
 * `check` runs the pre-commit hook on every commit, so it starts from the single-file bundle the build makes
 * (one file, compiled from V8's code cache: see scripts/load-check.cjs); from sources, or before that step ran,
 * from the modules.
 */
async function runCheckFast(): Promise<number> {
  let loader: { loadCheckBundle(): { exports: { checkMain: typeof checkMain }; saveCache(): void } } | undefined;
  try {
    loader = createRequire(import.meta.url)('./check/load-check.cjs') as typeof loader;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'MODULE_NOT_FOUND')) throw error;
  }
  if (loader === undefined) return (await import('./check-main.js')).checkMain(argv, io);
  const bundle = loader.loadCheckBundle();
  const code = await bundle.exports.checkMain(argv, io);
  bundle.saveCache();
  return code;
}

process.exitCode = argv[0] === 'check' ? await runCheckFast() : await (await import('./main.js')).main(argv, io);
