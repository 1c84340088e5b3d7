/**
 * The entry of the single-file check bundle (`dist/check/atlas-cmk-check.cjs`, made by scripts/bundle-check.mjs
 * and started by `dist/check/load-check.cjs`): `check` and the output watch every command installs, nothing of
 * the other commands.
 */
export { checkMain } from './check-main.js';
export { watchOutput } from './output-errors.js';
