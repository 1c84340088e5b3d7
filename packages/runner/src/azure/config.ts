import { accessSync, constants } from 'node:fs';
import { checkBaseUrl } from '../http/base-url.js';

/**
 * Azure sign-in settings and the Azure endpoints to use. Which credential signs in follows from the fields set
 * (see `azureSignIn`): a client secret, else a workload identity token file, else managed identity then the
 * Azure CLI login.
 */
export interface AzureConfig {
  /** Entra ID tenant (`AZURE_TENANT_ID`); empty for managed identity / Azure CLI. */
  tenantId: string;
  /** Application (client) ID (`AZURE_CLIENT_ID`); for managed identity, the user-assigned identity, if any. */
  clientId: string;
  /** Client secret (`AZURE_CLIENT_SECRET`). */
  clientSecret?: string;
  /** Workload identity: the file holding the federated token (`AZURE_FEDERATED_TOKEN_FILE`). */
  federatedTokenFile?: string;
  /**
   * A PEM file of extra certificate authorities to trust for Entra ID (`NODE_EXTRA_CA_CERTS` of the environment
   * given), for a process that was started without them, such as the in-process demo.
   */
  extraCaFile?: string;
  /** Entra ID authority host, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** Azure Resource Manager endpoint, e.g. `https://management.azure.com`. */
  armUrl: string;
  /** OAuth scope of ARM tokens, e.g. `https://management.azure.com/.default`. */
  armScope: string;
}

/** Result of {@link azureConfigFromEnv}. */
export type AzureConfigResult =
  { kind: 'ok'; config: AzureConfig } | { kind: 'error'; message: string; missing: string[] };

/** ARM endpoint of each sovereign cloud, keyed by its authority host (azure-keyvault.subset.md, section 1). */
const ARM_BY_AUTHORITY: Readonly<Record<string, string>> = {
  'https://login.microsoftonline.com': 'https://management.azure.com',
  'https://login.chinacloudapi.cn': 'https://management.chinacloudapi.cn',
  'https://login.microsoftonline.us': 'https://management.usgovcloudapi.net',
};

/** `"<path>, which cannot be read: <reason>"`, or undefined when the file is readable. */
function unreadable(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return `${path}, which cannot be read: ${(error as Error).message}`;
  }
}

const value = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/**
 * Read Azure settings following the Azure SDK conventions: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and
 * `AZURE_CLIENT_SECRET` (an app registration), or `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and
 * `AZURE_FEDERATED_TOKEN_FILE` (workload identity); with none of them (or only `AZURE_CLIENT_ID`, a user-assigned
 * identity) managed identity, then the Azure CLI login. A half-set app registration is an error rather than a
 * silent fallback. `AZURE_AUTHORITY_HOST` picks the cloud (default public); `ATLAS_CMK_AZURE_ARM_URL` overrides
 * the ARM endpoint and `ATLAS_CMK_AZURE_ARM_SCOPE` the token scope (default: the cloud's ARM audience +
 * `/.default`). The simulator sets the two URLs to loopback.
 */
export function azureConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AzureConfigResult {
  const federatedTokenFile = value(env, 'AZURE_FEDERATED_TOKEN_FILE');
  const names =
    federatedTokenFile !== undefined
      ? (['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'] as const)
      : value(env, 'AZURE_TENANT_ID') !== undefined || value(env, 'AZURE_CLIENT_SECRET') !== undefined
        ? (['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const)
        : ([] as const);
  const missing = names.filter((name) => value(env, name) === undefined);
  if (missing.length > 0) {
    return {
      kind: 'error',
      message:
        federatedTokenFile !== undefined
          ? `Azure approval with workload identity (AZURE_FEDERATED_TOKEN_FILE) needs ${missing.join(', ')}: set them to the Entra ID application federated with that token.`
          : `Azure approval needs ${missing.join(', ')}: set them to an Entra ID application that may approve the Key Vault's private endpoint connections (or use approval: manual).`,
      missing,
    };
  }
  const authorityHost = (value(env, 'AZURE_AUTHORITY_HOST') ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const cloudArm = ARM_BY_AUTHORITY[authorityHost] ?? 'https://management.azure.com';
  const armUrl = (value(env, 'ATLAS_CMK_AZURE_ARM_URL') ?? cloudArm).replace(/\/+$/, '');
  for (const [name, url] of [
    ['AZURE_AUTHORITY_HOST', authorityHost],
    ['ATLAS_CMK_AZURE_ARM_URL', armUrl],
  ] as const) {
    const problem = checkBaseUrl(url, name);
    if (problem) return { kind: 'error', message: problem, missing: [] };
  }
  const clientSecret = value(env, 'AZURE_CLIENT_SECRET');
  if (authorityHost.startsWith('http:') && clientSecret === undefined)
    return {
      kind: 'error',
      message: `The plain-http Azure authority host ${authorityHost} works only with AZURE_CLIENT_SECRET; use an https:// authority for other credentials.`,
      missing: [],
    };
  const extraCaFile = value(env, 'NODE_EXTRA_CA_CERTS');
  const caProblem = extraCaFile === undefined ? undefined : unreadable(extraCaFile);
  if (caProblem) return { kind: 'error', message: `NODE_EXTRA_CA_CERTS names ${caProblem}`, missing: [] };
  return {
    kind: 'ok',
    config: {
      tenantId: value(env, 'AZURE_TENANT_ID') ?? '',
      clientId: value(env, 'AZURE_CLIENT_ID') ?? '',
      ...(clientSecret !== undefined ? { clientSecret } : {}),
      ...(federatedTokenFile !== undefined && clientSecret === undefined ? { federatedTokenFile } : {}),
      ...(extraCaFile !== undefined ? { extraCaFile } : {}),
      authorityHost,
      armUrl,
      armScope: value(env, 'ATLAS_CMK_AZURE_ARM_SCOPE') ?? `${cloudArm}/.default`,
    },
  };
}

/** Whether Entra ID's public instance discovery knows `authorityHost` (else MSAL must not ask it). */
export function isKnownAuthorityHost(authorityHost: string): boolean {
  return authorityHost in ARM_BY_AUTHORITY;
}
