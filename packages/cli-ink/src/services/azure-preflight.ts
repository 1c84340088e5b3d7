import { compareDiagnostics, type Diagnostic, type LoadedDocument } from '@atlas-cmk/core';
import {
  azureConfigFromEnv,
  ConfigError,
  createPreflightClient,
  HttpClientError,
  preflightDocument,
  PREFLIGHT_CHECKS,
} from '@atlas-cmk/runner';
import { ToolError } from '../cli-io.js';
import type { RuleInfo } from '../format/findings.js';

/** Where the preflight checks are documented (SARIF help links, JSON `helpUri`). */
export const PREFLIGHT_DOCS = 'https://github.com/atlas-cmk/atlas-cmk/blob/main/README.md#preflight';

/** The preflight checks as rules of a findings report. */
export function preflightRules(): RuleInfo[] {
  return PREFLIGHT_CHECKS.map((c) => ({
    id: c.id,
    description: c.description,
    severity: 'error',
    helpUri: PREFLIGHT_DOCS,
  }));
}

/**
 * Run the Azure preflight checks of every document with the Azure identity of `env` (the one `approval: azure`
 * signs in with), one project after another: only reads, nothing is written to Atlas or Azure. Failing checks come
 * back as located diagnostics. Missing Azure settings and failures of Azure itself (sign-in, network, 5xx) are a
 * `ToolError` with `exitCode`, saying what failed.
 */
export async function runAzurePreflight(
  documents: readonly LoadedDocument[],
  env: NodeJS.ProcessEnv,
  options: { exitCode: number; signal?: AbortSignal; now?: () => number; secretWindowDays?: number },
): Promise<Diagnostic[]> {
  const config = azureConfigFromEnv(env);
  if (config.kind === 'error')
    throw new ToolError(`the Azure preflight needs the Azure identity: ${config.message}`, options.exitCode);
  const keyVaultUrl = env.ATLAS_CMK_AZURE_KEYVAULT_URL?.trim();
  const graphUrl = env.ATLAS_CMK_GRAPH_URL?.trim();
  let client;
  try {
    client = createPreflightClient(config.config, {
      ...(keyVaultUrl ? { keyVaultUrl } : {}),
      ...(graphUrl ? { graphUrl } : {}),
    });
  } catch (error) {
    throw new ToolError(`the Azure preflight cannot start: ${(error as Error).message}`, options.exitCode, {
      cause: error,
    });
  }
  const findings: Diagnostic[] = [];
  const nowMs = (options.now ?? Date.now)();
  for (const doc of documents) {
    try {
      findings.push(
        ...(await preflightDocument(client, doc, {
          nowMs,
          approverId: config.config.clientId,
          ...(options.secretWindowDays !== undefined ? { secretWindowDays: options.secretWindowDays } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })),
      );
    } catch (error) {
      if (error instanceof HttpClientError || error instanceof ConfigError)
        throw new ToolError(
          `the Azure preflight of project ${doc.project.spec.projectId} (${doc.file}) could not ask Azure: ${error.message}`,
          options.exitCode,
          { cause: error },
        );
      throw error;
    }
  }
  return findings.sort(compareDiagnostics);
}
