#!/usr/bin/env node
// Root `postinstall`. The pre-commit tool installs a hook repository with `npm install` in its clone, then
// `npm pack`s it and installs that tarball: for the install in the clone, build the single-file check bundle the
// hook runs (packages/cli-ink/dist/check) from the sources. The tarball carries the bundle and no sources, so its
// own install has nothing to build. Development installs use pnpm, whose `pnpm build` makes the bundle with
// everything else, so under pnpm this does nothing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundler = fileURLToPath(new URL('../packages/cli-ink/scripts/bundle-check.mjs', import.meta.url));
const agent = process.env.npm_config_user_agent ?? '';
if (agent.startsWith('npm/') && existsSync(bundler)) {
  execFileSync(process.execPath, [bundler], { stdio: 'inherit' });
}
