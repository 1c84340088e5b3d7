/**
 * npm settings that describe the user's own npm setup and are kept for the child npm. Every other `npm_*`
 * variable describes the pnpm run that started the tests (`npm_config_user_agent`, `npm_lifecycle_event`,
 * `npm_config_verify_deps_before_run`, …) and would confuse npm or make it warn about unknown settings.
 */
const KEPT_NPM_SETTINGS = new Set([
  'npm_config_registry',
  'npm_config_cache',
  'npm_config_userconfig',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_cafile',
]);

/**
 * The environment of the package managers and of the installed `atlas-cmk`: the test process's environment
 * without pnpm's run variables and without any Atlas or Azure setting, colourless, plus `extra`.
 */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !KEPT_NPM_SETTINGS.has(lower)) continue;
    if (/^(MONGODB_ATLAS_|ATLAS_|AZURE_|ARM_|GITHUB_TOKEN)/i.test(key)) continue;
    // Node warns on stderr when NO_COLOR and FORCE_COLOR are both set.
    if (key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}
