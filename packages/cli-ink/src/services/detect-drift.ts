import { driftReport, type DriftReport, type KeyFacts } from '@atlas-cmk/planner';
import type { Diagnostic, LoadedDocument } from '@atlas-cmk/core';
import {
  azureConfigFromEnv,
  checkBaseUrl,
  createKeyVaultKeys,
  type AtlasClient,
  type HttpEvent,
  type KeyRead,
} from '@atlas-cmk/runner';
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
 * Reads only (four GETs per project). `nowMs` is the clock the key-expiry window is measured from. With
 * `readKeys`, Key Vault's attributes of every key version in play are read too (the one each desired file names,
 * while the live state is read, and the one Atlas uses when it differs): the planner gets them (a disabled
 * version gets a `key.enable` step unless `repairKeys` is false) and so do the health findings.
 */
export async function detectDrift(
  request: Omit<PlanRequest, 'keyFacts'> & {
    nowMs: number;
    expiryWarningDays?: number;
    /**
     * Read the keys (`true`: an Azure sign-in is required); `if-configured`: only when one is configured, else
     * a warning says the keys were not read (`reconcile`).
     */
    readKeys?: boolean | 'if-configured';
    /** False: plan no `key.enable` (`reconcile --no-key-repair`). */
    repairKeys?: boolean;
    /** Every HTTP event of the Key Vault reads (reconcile's request metrics, service `azure`). */
    onKeyVaultHttp?: (event: HttpEvent) => void;
  },
): Promise<DetectedDrift | DriftBlocked> {
  const skipped: string[] = [];
  const reader = request.readKeys
    ? keyReader(request.env, request.signal, request.readKeys, skipped, request.onKeyVaultHttp)
    : undefined;
  const prepared = await preparePlan({
    ...request,
    ...(reader
      ? {
          keyFacts: (documents: readonly LoadedDocument[]) =>
            reader.read(
              documents.flatMap((d) => {
                const vault = d.project.spec.azureKeyVault;
                return vault.enabled && vault.keyIdentifier ? [vault.keyIdentifier] : [];
              }),
            ),
        }
      : {}),
  });
  if (prepared.kind === 'blocked') return prepared;
  const keys = new Map<string, KeyFacts>();
  if (reader) {
    const inUse = new Map<string, string>();
    for (const [projectId, state] of prepared.live) {
      const akv = state.encryptionAtRest.azureKeyVault;
      if (akv?.enabled && akv.keyIdentifier) inUse.set(projectId, akv.keyIdentifier);
    }
    const facts = await reader.read([...inUse.values()]);
    for (const [projectId, keyIdentifier] of inUse) {
      const one = facts.get(keyIdentifier);
      if (one) keys.set(projectId, one);
    }
  }
  const report = driftReport({
    plan: prepared.plan,
    live: prepared.live,
    keys,
    nowMs: request.nowMs,
    ...(request.expiryWarningDays !== undefined ? { expiryWarningDays: request.expiryWarningDays } : {}),
  });
  return {
    kind: 'ok',
    report,
    prepared,
    client: prepared.client,
    keyWarnings: [...skipped, ...(reader?.warnings ?? [])],
  };
}

/**
 * Reads Key Vault's attributes of key versions, by versioned key URL, each at most once (a second `read` of the
 * same URL reuses the first answer). `ATLAS_CMK_AZURE_KEYVAULT_URL` (a template with `{vaultName}`, https only)
 * points the reads elsewhere. A key whose attributes cannot be read is a warning, not an error.
 */
function keyReader(
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
  mode: true | 'if-configured',
  skipped: string[],
  onEvent: ((event: HttpEvent) => void) | undefined,
): { read(keyIdentifiers: readonly string[]): Promise<Map<string, KeyFacts>>; warnings: string[] } | undefined {
  const config = azureConfigFromEnv(env);
  if (config.kind === 'error' && mode === 'if-configured') {
    skipped.push(
      `Key Vault was not read (no Azure sign-in: ${config.missing.join(', ')}), so a disabled key is neither reported nor enabled.`,
    );
    return undefined;
  }
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
  const client = createKeyVaultKeys(config.config, {
    ...(vaultUrl ? { vaultUrl } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
  const answers = new Map<string, Promise<KeyRead>>();
  const warnings: string[] = [];
  return {
    warnings,
    async read(keyIdentifiers) {
      const out = new Map<string, KeyFacts>();
      await Promise.all(
        [...new Set(keyIdentifiers)].map(async (keyIdentifier) => {
          let answer = answers.get(keyIdentifier);
          if (!answer) {
            answer = client.readKeyFacts(keyIdentifier, signal);
            answers.set(keyIdentifier, answer);
            const read = await answer;
            if (read.kind === 'error') warnings.push(read.message);
          }
          const read = await answer;
          if (read.kind === 'ok') out.set(keyIdentifier, read.facts);
        }),
      );
      return out;
    },
  };
}
