#!/usr/bin/env node
// The `atlas-sim` command. A file of its own (not dist/main.js) so the command exists before the first build.
await import('../dist/main.js');
