import type { AzureEnvironment } from '../model.js';

/**
 * A `keyIdentifier` taken apart, for rules to check. Parsing never fails: what cannot be read is reported
 * through `parsed: false` or missing parts, and the rules decide what that means.
 */
export interface ParsedKeyIdentifier {
  /** The value as written. A key URL is not a secret. */
  raw: string;
  /** True when the value is an absolute URL at all. */
  parsed: boolean;
  /** URL scheme without the colon (`https`). */
  scheme?: string;
  /** The host's first label, lower case (`kv-payments`). */
  vaultName?: string;
  /** The host after the first label (`vault.azure.net`). */
  dnsSuffix?: string;
  /** True when the path starts with `/keys/`. */
  keysPath: boolean;
  keyName?: string;
  keyVersion?: string;
  /** True when the path is exactly `/keys/{name}/{version}`. */
  versioned: boolean;
  /** Number of non-empty path segments (3 for a versioned key URL). */
  pathSegments: number;
  /** True when the URL carries a port, query or fragment (a key identifier has none). */
  extras: boolean;
}

/** Key Vault DNS suffix of each Atlas `azureEnvironment` (Azure SDK cloud metadata). */
export const KEY_VAULT_DNS_SUFFIX: Readonly<Record<AzureEnvironment, string>> = {
  AZURE: 'vault.azure.net',
  AZURE_CHINA: 'vault.azure.cn',
  AZURE_US_GOVERNMENT: 'vault.usgovcloudapi.net',
};

/** Take a key identifier apart; see {@link ParsedKeyIdentifier}. */
export function parseKeyIdentifier(raw: string): ParsedKeyIdentifier {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { raw, parsed: false, keysPath: false, versioned: false, pathSegments: 0, extras: false };
  }
  const host = url.hostname;
  const dot = host.indexOf('.');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const keysPath = segments[0] === 'keys' && segments.length >= 2;
  const result: ParsedKeyIdentifier = {
    raw,
    parsed: true,
    scheme: url.protocol.replace(/:$/, ''),
    keysPath,
    versioned: keysPath && segments.length === 3,
    pathSegments: segments.length,
    extras: url.port !== '' || url.search !== '' || url.hash !== '',
  };
  if (dot > 0) {
    result.vaultName = host.slice(0, dot);
    result.dnsSuffix = host.slice(dot + 1);
  }
  if (keysPath) {
    result.keyName = segments[1];
    if (segments.length >= 3) result.keyVersion = segments[2];
  }
  return result;
}
