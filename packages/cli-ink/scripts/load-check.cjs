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
const { Buffer } = require('node:buffer');
const { fstatSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } = require('node:fs');
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

/**
 * Standard output or error as a synchronous writer on its descriptor, when that is a pipe, a socket, a file or
 * (on Linux) /dev/null or /dev/full; otherwise (a terminal: colours, width) Node's own stream. Node builds
 * `process.stdout` from its stream modules, about 3 ms of every hook run; on these descriptors its writes are
 * synchronous anyway. As Node's stream does, a failed write is an `error` event (the process's output watch
 * turns it into an exit code). A full pipe is waited for, even one left non-blocking (EAGAIN), so nothing is
 * lost (both tested in check-code-cache.e2e.test.ts).
 */
function outputOn(fd, stream) {
  let stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return stream();
  }
  const memoryDevice = process.platform === 'linux' && stats.isCharacterDevice() && stats.rdev >> 8 === 1;
  if (!(stats.isFIFO() || stats.isSocket() || stats.isFile() || memoryDevice)) return stream();
  const errorListeners = [];
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let failed = false;
  const writer = {
    isTTY: false,
    destroyed: false,
    writableEnded: false,
    write(chunk, encodingOrCallback, maybeCallback) {
      const callback = typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback;
      if (failed) return false;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let written = 0;
      while (written < bytes.length) {
        try {
          written += writeSync(fd, bytes, written, bytes.length - written);
        } catch (error) {
          if (error.code === 'EAGAIN') {
            // A full pipe that another program left non-blocking: wait a millisecond and write the rest.
            Atomics.wait(pause, 0, 0, 1);
            continue;
          }
          failed = true;
          for (const listener of errorListeners) listener(error);
          if (errorListeners.length === 0) throw error;
          return false;
        }
      }
      if (typeof callback === 'function') callback();
      return true;
    },
    on(event, listener) {
      if (event === 'error') errorListeners.push(listener);
      return writer;
    },
  };
  return writer;
}

/** `atlas-cmk check …` as a process: argv, the standard streams and the environment; sets the exit code. */
function runCheckProcess() {
  const { exports: bundle, saveCache } = loadCheckBundle();
  const stdout = outputOn(1, () => process.stdout);
  const stderr = outputOn(2, () => process.stderr);
  bundle.watchOutput({ stdout, stderr }, (code) => process.exit(code));
  const io = {
    stdout,
    stderr,
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
      exitOnceWritten(code, [stdout, stderr]);
    },
    (error) => {
      stderr.write(`atlas-cmk: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
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
function exitOnceWritten(code, streams) {
  let open = streams.length;
  const done = () => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  for (const stream of streams) {
    if (stream.destroyed || stream.writableEnded) done();
    else stream.write('', done);
  }
}

module.exports = { loadCheckBundle, runCheckProcess };
