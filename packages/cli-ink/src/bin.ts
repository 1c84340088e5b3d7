#!/usr/bin/env node
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
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};

/**
 * `check` runs the pre-commit hook on every commit, so it starts from the single-file bundle the build makes
 * (one file to read instead of a tree of modules); from sources, or before that step ran, from the modules.
 */
async function runCheckFast(): Promise<number> {
  // A computed specifier: the bundle exists only after a build, so the type checker must not resolve it.
  const bundle = './check/atlas-cmk-check.mjs';
  let mod: { checkMain: typeof checkMain };
  try {
    mod = (await import(bundle)) as typeof mod;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND')) throw error;
    mod = await import('./check-main.js');
  }
  return mod.checkMain(argv, io);
}

process.exitCode = argv[0] === 'check' ? await runCheckFast() : await (await import('./main.js')).main(argv, io);
