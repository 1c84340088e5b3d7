import { driftReport, type DriftReport, type KeyFacts } from '@atlas-cmk/planner';
import type { Diagnostic, LiveProjectState } from '@atlas-cmk/core';
import { azureConfigFromEnv, checkBaseUrl, readKeyFacts, type AtlasClient } from '@atlas-cmk/runner';
import { ToolError } from '../cli-io.js';
import { preparePlan, type PlanRequest, type PreparedPlan } from './prepare-plan.js';

/** A drift report and the plan it was derived from (reconcile applies that plan). */
export interface DetectedDrift {
  kind: 'ok';
  report: DriftReport;
  prepared: PreparedPlan;
  client: AtlasClient;
  /** Keys whose Key Vault attributes could not be read (with `readKeys`): a sentence each. */
  keyWarnings: string[];
}

/** The input or live policy stopped the plan, so drift cannot be judged: every blocking diagnostic. */
export interface DriftBlocked {
  kind: 'blocked';
  diagnostics: Diagnostic[];
}

/**
 * Load → read live state → plan → drift report: `plan`'s service plus the pure `driftReport` of the planner.
 * Reads only (four GETs per project). `nowMs` is the clock the key-expiry window is measured from.
 */
export async function detectDrift(
  request: PlanRequest & { nowMs: number; expiryWarningDays?: number; readKeys?: boolean },
): Promise<DetectedDrift | DriftBlocked> {
  const prepared = await preparePlan(request);
  if (prepared.kind === 'blocked') return prepared;
  const { keys, warnings } = request.readKeys
    ? await readKeys(prepared.live, request.env, request.signal)
    : { keys: new Map<string, KeyFacts>(), warnings: [] };
  const report = driftReport({
    plan: prepared.plan,
    live: prepared.live,
    keys,
    nowMs: request.nowMs,
    ...(request.expiryWarningDays !== undefined ? { expiryWarningDays: request.expiryWarningDays } : {}),
  });
  return { kind: 'ok', report, prepared, client: prepared.client, keyWarnings: warnings };
}

/**
 * Key Vault's attributes of the key version each project uses (Atlas's live `keyIdentifier`), one read per distinct
 * key. `ATLAS_CMK_AZURE_KEYVAULT_URL` (a template with `{vaultName}`, https only) points the reads elsewhere.
 */
async function readKeys(
  live: ReadonlyMap<string, LiveProjectState>,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
): Promise<{ keys: Map<string, KeyFacts>; warnings: string[] }> {
  const config = azureConfigFromEnv(env);
  if (config.kind === 'error') throw new ToolError(config.message.replace(/^Azure approval/, '--read-keys'), 1);
  const vaultUrl = env['ATLAS_CMK_AZURE_KEYVAULT_URL']?.trim() || undefined;
  if (vaultUrl !== undefined) {
    const problem = checkBaseUrl(vaultUrl.replaceAll('{vaultName}', 'vault'), 'ATLAS_CMK_AZURE_KEYVAULT_URL');
    if (problem || !vaultUrl.startsWith('https://'))
      throw new ToolError(
        problem ?? 'ATLAS_CMK_AZURE_KEYVAULT_URL must use https:// (Key Vault sends a bearer token).',
        1,
      );
  }
  const byKey = new Map<string, string[]>();
  for (const [projectId, state] of live) {
    const akv = state.encryptionAtRest.azureKeyVault;
    if (!akv?.enabled || !akv.keyIdentifier) continue;
    byKey.set(akv.keyIdentifier, [...(byKey.get(akv.keyIdentifier) ?? []), projectId]);
  }
  const keys = new Map<string, KeyFacts>();
  const warnings: string[] = [];
  await Promise.all(
    [...byKey].map(async ([keyIdentifier, projects]) => {
      const read = await readKeyFacts(keyIdentifier, config.config, {
        ...(vaultUrl ? { vaultUrl } : {}),
        ...(signal ? { signal } : {}),
      });
      if (read.kind === 'error') warnings.push(read.message);
      else for (const id of projects) keys.set(id, read.facts);
    }),
  );
  return { keys, warnings };
}
