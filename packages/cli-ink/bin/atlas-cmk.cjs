#!/usr/bin/env node
'use strict';
// The `atlas-cmk` command. `check` runs on every commit (the pre-commit hook), so it starts its single-file bundle
// from here, without Node's ES module loader (see dist/check/load-check.cjs); every other command, and `check`
// before a build made the bundle, starts dist/bin.js.
let loader;
if (process.argv[2] === 'check') {
  try {
    loader = require('../dist/check/load-check.cjs');
  } catch (error) {
    if (!(error && error.code === 'MODULE_NOT_FOUND')) throw error;
  }
}
if (loader) loader.runCheckProcess();
else import('../dist/bin.js');
