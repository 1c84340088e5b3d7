import { checkBaseUrl } from '../http/base-url.js';

/** Entra ID application credentials and the Azure endpoints to use. */
export interface AzureConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
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

const value = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/**
 * Read Azure settings following the Azure SDK conventions: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
 * `AZURE_CLIENT_SECRET`, `AZURE_AUTHORITY_HOST` (default public cloud). The ARM endpoint follows the
 * authority host's cloud unless `ATLAS_CMK_AZURE_ARM_URL` overrides it; `ATLAS_CMK_AZURE_ARM_SCOPE`
 * overrides the token scope (default: the cloud's ARM audience + `/.default`). The simulator sets the
 * two URLs to loopback.
 */
export function azureConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AzureConfigResult {
  const names = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;
  const missing = names.filter((name) => value(env, name) === undefined);
  if (missing.length > 0) {
    return {
      kind: 'error',
      message: `Azure approval needs ${missing.join(', ')}: set them to an Entra ID application that may approve the Key Vault's private endpoint connections (or use approval: manual).`,
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
  return {
    kind: 'ok',
    config: {
      tenantId: value(env, 'AZURE_TENANT_ID') ?? '',
      clientId: value(env, 'AZURE_CLIENT_ID') ?? '',
      clientSecret: value(env, 'AZURE_CLIENT_SECRET') ?? '',
      authorityHost,
      armUrl,
      armScope: value(env, 'ATLAS_CMK_AZURE_ARM_SCOPE') ?? `${cloudArm}/.default`,
    },
  };
}
