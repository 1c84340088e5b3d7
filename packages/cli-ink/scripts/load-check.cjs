'use strict';
// Part of the single-file check bundle (copied beside atlas-cmk-check.cjs by bundle-check.mjs).
//
// `atlas-cmk check` runs on every commit, so its start-up is most of its cost. Node starts the bundle here rather
// than through `require`: V8 is given a code cache of it (the compiled code of every function a check ran, what
// Node.js 22's module compile cache keeps), so the bundle's JavaScript is neither parsed nor compiled again.
// The cache belongs to one Node.js version, and V8 checks that it fits this source and these flags. One that does
// not fit is rejected and the code is compiled as usual; then a fresh cache replaces it after the run (written to
// a temporary file and renamed, so a concurrent run never reads half of one; a read-only install goes without).
// The cache holds compiled code only, never data of a run: no file contents, no environment.
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const bundleFile = join(__dirname, 'atlas-cmk-check.cjs');
const cacheFile = join(__dirname, `atlas-cmk-check.${process.version}-${process.arch}.cache`);

/** Runs the bundle's module code and returns its exports, with a function that saves a code cache if needed. */
function loadCheckBundle() {
  const source = readFileSync(bundleFile, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundleFile, cachedData });
  const mod = { exports: {} };
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(bundleFile), mod, bundleFile, __dirname);
  const fresh = cachedData !== undefined && script.cachedDataRejected !== true;
  const saveCache = () => {
    if (fresh) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      rmSync(tmp, { force: true });
    }
  };
  return { exports: mod.exports, saveCache };
}

/** `atlas-cmk check …` as a process: argv, the standard streams and the environment; sets the exit code. */
function runCheckProcess() {
  const { exports: bundle, saveCache } = loadCheckBundle();
  bundle.watchOutput({ stdout: process.stdout, stderr: process.stderr }, (code) => process.exit(code));
  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    // Opening standard input costs a few milliseconds; check reads it only for `-` (a file on stdin).
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
  bundle.checkMain(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      saveCache();
      exitOnceWritten(code);
    },
    (error) => {
      process.stderr.write(`atlas-cmk: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Ends the process as soon as everything written to stdout and stderr has been handed to the system. Left to end
 * by itself, Node first waits for V8's background work (optimising compilations the check started and no longer
 * needs), several milliseconds on every commit. An empty write's callback runs after every earlier write on that
 * stream is flushed, so no output is cut short, whether the streams write synchronously (files, and pipes and
 * terminals on Linux) or not.
 */
function exitOnceWritten(code) {
  let open = 2;
  const done = () => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || stream.writableEnded) done();
    else stream.write('', done);
  }
}

module.exports = { loadCheckBundle, runCheckProcess };
