import type { Diagnostic, LoadedDocument } from '@atlas-cmk/core';
import { azureIdentityPresence } from '@atlas-cmk/runner';
import { ToolError, UsageError } from '../cli-io.js';
import { runAzurePreflight } from './azure-preflight.js';

/**
 * How `plan` runs the Azure pre-flight checks: `auto` (the default) when an Azure identity is configured, else
 * skipped with a notice; `required` (`--preflight`) always, so a missing identity is an error; `skip`
 * (`--skip-preflight`) never, without asking Azure anything.
 */
export type PlanPreflightMode = 'auto' | 'required' | 'skip';

/** What the checks gave: findings, or why they did not run (a notice for stderr, or nothing to say). */
export type PlanPreflightOutcome = { kind: 'checked'; findings: Diagnostic[] } | { kind: 'skipped'; notice?: string };

/** The `--preflight` / `--skip-preflight` options of a command that makes a plan. */
export const PREFLIGHT_OPTIONS = {
  preflight: { type: 'boolean' },
  'skip-preflight': { type: 'boolean' },
} as const;

/** The mode the two options ask for; both at once is a usage error. */
export function parsePreflightMode(values: { preflight?: boolean; 'skip-preflight'?: boolean }): PlanPreflightMode {
  if (values.preflight === true && values['skip-preflight'] === true)
    throw new UsageError(
      'give either --preflight (the Azure pre-flight checks are required) or --skip-preflight (they do not run), not both.',
    );
  if (values.preflight === true) return 'required';
  if (values['skip-preflight'] === true) return 'skip';
  return 'auto';
}

const NO_IDENTITY_NOTICE = [
  'atlas-cmk: notice: the Azure pre-flight checks were skipped: no Azure identity is configured (no AZURE_TENANT_ID,',
  '  AZURE_CLIENT_ID or AZURE_FEDERATED_TOKEN_FILE, no managed identity endpoint, no az login). To run them, sign in',
  '  as for approval: azure (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET; workload identity; or az',
  '  login); --preflight makes them required. To plan without them and without this notice: --skip-preflight.',
].join('\n');

/**
 * Run the Azure pre-flight checks of the planned `documents` for `plan`, in `mode`. In `auto` mode only projects
 * that enable customer-managed keys are checked, and when there are none, or no identity is configured
 * (`azureIdentityPresence`: settings and the az profile only, nothing is asked), the checks are skipped; an
 * identity that is configured but cannot sign in or read is an error (exit 1, as every failed request of plan),
 * not a skip, since apply would meet the same failure. Errors name the failing request and say how to skip the
 * checks.
 */
export async function planPreflight(
  documents: readonly LoadedDocument[],
  env: NodeJS.ProcessEnv,
  mode: PlanPreflightMode,
  options: { signal?: AbortSignal } = {},
): Promise<PlanPreflightOutcome> {
  switch (mode) {
    case 'skip':
      return { kind: 'skipped' };
    case 'auto': {
      const checked = documents.filter((d) => d.project.spec.azureKeyVault.enabled);
      if (checked.length === 0) return { kind: 'skipped' };
      if (azureIdentityPresence(env).kind === 'none') return { kind: 'skipped', notice: NO_IDENTITY_NOTICE };
      return { kind: 'checked', findings: await checkOrExplain(checked, env, options.signal) };
    }
    case 'required':
      return { kind: 'checked', findings: await checkOrExplain(documents, env, options.signal) };
    default: {
      const never: never = mode;
      throw new Error(`unhandled preflight mode ${String(never)}`);
    }
  }
}

async function checkOrExplain(
  documents: readonly LoadedDocument[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
): Promise<Diagnostic[]> {
  try {
    return await runAzurePreflight(documents, env, { exitCode: 1, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    throw new ToolError(
      `${error.message}\nThe plan was not made. To plan without the Azure pre-flight checks: --skip-preflight.`,
      error.exitCode,
      { cause: error },
    );
  }
}
