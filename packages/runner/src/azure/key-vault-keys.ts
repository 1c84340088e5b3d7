import type { KeyFacts } from '@atlas-cmk/planner';
import { parseKeyIdentifier } from '@atlas-cmk/planner';
import type { AzureConfig } from './config.js';
import { tlsTrusting } from './identity-tls.js';
import { azureSignIn } from './sign-in.js';

/** What reading a key's attributes gave: the facts, or why they could not be read (a sentence for people). */
export type KeyRead = { kind: 'ok'; facts: KeyFacts } | { kind: 'error'; message: string };

/**
 * Reads Key Vault's attributes of the key version a project uses (`enabled`, `exp`) through the official SDK
 * (`@azure/keyvault-keys` `KeyClient.getKey`), signed in as `config` says. `vaultUrl` overrides the vault's URL
 * (`ATLAS_CMK_AZURE_KEYVAULT_URL`, a template with `{vaultName}`, for the simulator); with it the SDK's check that
 * the token audience matches the vault host is off. A key Key Vault refuses as disabled (403 `KeyDisabled`) is a
 * fact (`enabled: false`), not an error. Loads the SDK and `@azure/identity` only when called.
 */
export async function readKeyFacts(
  keyIdentifier: string,
  config: AzureConfig,
  options: { vaultUrl?: string; signal?: AbortSignal } = {},
): Promise<KeyRead> {
  const id = parseKeyIdentifier(keyIdentifier);
  if (!id) return { kind: 'error', message: `${keyIdentifier} is not a versioned Key Vault key URL.` };
  const vaultUrl = options.vaultUrl
    ? options.vaultUrl.replaceAll('{vaultName}', encodeURIComponent(id.vault))
    : new URL(keyIdentifier).origin;
  const [{ KeyClient }, { createIdentityCredential }] = await Promise.all([
    import('@azure/keyvault-keys'),
    import('./identity-credential.js'),
  ]);
  const tls = config.extraCaFile !== undefined ? tlsTrusting(config.extraCaFile) : undefined;
  const signedIn = createIdentityCredential(config, azureSignIn(config), tls);
  // Key Vault's challenge names the tenant in its authorization URL; the SDK reads it from the URL's path, which
  // behind an overridden URL (the simulator serves Entra ID under a path prefix) is not the bare tenant. The
  // credential is already bound to its tenant, so with an override the challenge's tenant is not passed on.
  const credential: typeof signedIn = options.vaultUrl
    ? { getToken: (scopes, o) => signedIn.getToken(scopes, { ...o, tenantId: undefined }) }
    : signedIn;
  const client = new KeyClient(vaultUrl, credential, {
    disableChallengeResourceVerification: options.vaultUrl !== undefined,
    // The api-version of the vendored Key Vault contract (azure-keyvault.subset.md).
    serviceVersion: '7.5',
    retryOptions: { maxRetries: 2 },
    ...(tls ?? {}),
  });
  try {
    const key = await client.getKey(id.keyName, {
      version: id.keyVersion,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    const expires = key.properties.expiresOn;
    return {
      kind: 'ok',
      facts: {
        keyIdentifier,
        enabled: key.properties.enabled !== false,
        expires: expires ? expires.toISOString() : null,
      },
    };
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 403 && /KeyDisabled|disabled/i.test(`${e.code ?? ''} ${e.message ?? ''}`))
      return { kind: 'ok', facts: { keyIdentifier, enabled: false, expires: null } };
    return {
      kind: 'error',
      message: `Key Vault did not give the attributes of ${id.keyName}/${id.keyVersion} in ${id.vault}${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}: ${e.code ?? e.message ?? 'unknown error'}. The identity needs permission to get the key.`,
    };
  }
}
