import type { KeyClient } from '@azure/keyvault-keys';
import type { KeyFacts } from '@atlas-cmk/planner';
import { parseKeyIdentifier } from '@atlas-cmk/planner';
import { redactUrl } from '../http/redact.js';
import type { HttpEvent, HttpMethod } from '../http/types.js';
import type { AzureConfig } from './config.js';
import { tlsTrusting } from './identity-tls.js';
import { azureSignIn } from './sign-in.js';

/** What reading a key's attributes gave: the facts, or why they could not be read (a sentence for people). */
export type KeyRead = { kind: 'ok'; facts: KeyFacts } | { kind: 'error'; message: string };

/** Key Vault's keys as atlas-cmk uses them: read a key version's attributes, enable a disabled version. */
export interface KeyVaultKeys {
  /** The attributes of a key version; a version Key Vault refuses as disabled is `enabled: false`. */
  readKeyFacts(keyIdentifier: string, signal?: AbortSignal): Promise<KeyRead>;
  /**
   * "Update Key" with `{"attributes":{"enabled":true}}` on the version (keys/update permission). Resolves to the
   * version's attributes after the update; throws with a sentence for people when Key Vault refuses.
   */
  enableKeyVersion(keyIdentifier: string, signal?: AbortSignal): Promise<KeyFacts>;
}

/**
 * Key Vault's keys through the official SDK (`@azure/keyvault-keys` `KeyClient`), signed in as `config` says (as
 * for approvals). `vaultUrl` overrides each vault's URL (`ATLAS_CMK_AZURE_KEYVAULT_URL`, a template with
 * `{vaultName}`, for the simulator); with it the SDK's check that the token audience matches the vault host is
 * off. Loads the SDK and `@azure/identity` only on the first call; one client per vault.
 */
export function createKeyVaultKeys(
  config: AzureConfig,
  options: { vaultUrl?: string; onEvent?: (event: HttpEvent) => void } = {},
): KeyVaultKeys {
  const clients = new Map<string, Promise<KeyClient>>();
  const clientFor = (keyIdentifier: string, vault: string): Promise<KeyClient> => {
    const url = options.vaultUrl
      ? options.vaultUrl.replaceAll('{vaultName}', encodeURIComponent(vault))
      : new URL(keyIdentifier).origin;
    let client = clients.get(url);
    if (!client) {
      client = makeClient(url, config, options.vaultUrl !== undefined, options.onEvent);
      clients.set(url, client);
    }
    return client;
  };
  return {
    async readKeyFacts(keyIdentifier, signal) {
      const id = parseKeyIdentifier(keyIdentifier);
      if (!id) return { kind: 'error', message: `${keyIdentifier} is not a versioned Key Vault key URL.` };
      const client = await clientFor(keyIdentifier, id.vault);
      try {
        const key = await client.getKey(id.keyName, {
          version: id.keyVersion,
          ...(signal ? { abortSignal: signal } : {}),
        });
        return { kind: 'ok', facts: facts(keyIdentifier, key.properties) };
      } catch (error) {
        const e = error as { statusCode?: number; code?: string; message?: string };
        if (e.statusCode === 403 && /KeyDisabled|disabled/i.test(`${e.code ?? ''} ${e.message ?? ''}`))
          return { kind: 'ok', facts: await disabledVersionFacts(client, keyIdentifier, id, signal) };
        return {
          kind: 'error',
          message: `Key Vault did not give the attributes of ${id.keyName}/${id.keyVersion} in ${id.vault}${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}: ${e.code ?? e.message ?? 'unknown error'}. The identity needs permission to get the key.`,
        };
      }
    },
    async enableKeyVersion(keyIdentifier, signal) {
      const id = parseKeyIdentifier(keyIdentifier);
      if (!id) throw new Error(`${keyIdentifier} is not a versioned Key Vault key URL.`);
      const client = await clientFor(keyIdentifier, id.vault);
      try {
        const key = await client.updateKeyProperties(id.keyName, id.keyVersion, {
          enabled: true,
          ...(signal ? { abortSignal: signal } : {}),
        });
        return facts(keyIdentifier, key.properties);
      } catch (error) {
        const e = error as { statusCode?: number; code?: string; message?: string };
        throw new Error(
          `Key Vault did not enable ${id.keyName}/${id.keyVersion} in ${id.vault}${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}: ${e.code ?? e.message ?? 'unknown error'}. The identity needs permission to update the key (keys/update, or the Key Vault Crypto Officer role).`,
          { cause: error },
        );
      }
    },
  };
}

/**
 * The facts of a version "Get Key" refused as disabled. Its expiry is read from "Get Key Versions" (keys/list),
 * which lists disabled versions with their attributes: an expired version must not be enabled again, since
 * enabling it cannot make it usable. Without that permission, or if the list does not show the version, the
 * expiry is unknown (`null`).
 */
async function disabledVersionFacts(
  client: KeyClient,
  keyIdentifier: string,
  id: { keyName: string; keyVersion: string },
  signal: AbortSignal | undefined,
): Promise<KeyFacts> {
  try {
    for await (const version of client.listPropertiesOfKeyVersions(id.keyName, signal ? { abortSignal: signal } : {}))
      if (version.version?.toLowerCase() === id.keyVersion.toLowerCase())
        return facts(keyIdentifier, { enabled: false, ...(version.expiresOn ? { expiresOn: version.expiresOn } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  return { keyIdentifier, enabled: false, expires: null };
}

function facts(keyIdentifier: string, properties: { enabled?: boolean; expiresOn?: Date }): KeyFacts {
  return {
    keyIdentifier,
    enabled: properties.enabled !== false,
    expires: properties.expiresOn ? properties.expiresOn.toISOString() : null,
  };
}

async function makeClient(
  url: string,
  config: AzureConfig,
  overridden: boolean,
  onEvent: ((event: HttpEvent) => void) | undefined,
): Promise<KeyClient> {
  const [{ KeyClient: Client }, { createIdentityCredential }] = await Promise.all([
    import('@azure/keyvault-keys'),
    import('./identity-credential.js'),
  ]);
  const tls = config.extraCaFile !== undefined ? tlsTrusting(config.extraCaFile) : undefined;
  const signedIn = createIdentityCredential(config, azureSignIn(config), tls);
  // Key Vault's challenge names the tenant in its authorization URL; the SDK reads it from the URL's path, which
  // behind an overridden URL (the simulator serves Entra ID under a path prefix) is not the bare tenant. The
  // credential is already bound to its tenant, so with an override the challenge's tenant is not passed on.
  const credential: typeof signedIn = overridden
    ? { getToken: (scopes, o) => signedIn.getToken(scopes, { ...o, tenantId: undefined }) }
    : signedIn;
  return new Client(url, credential, {
    disableChallengeResourceVerification: overridden,
    // The api-version of the vendored Key Vault contract (azure-keyvault.subset.md).
    serviceVersion: '7.5',
    retryOptions: { maxRetries: 2 },
    ...(tls ?? {}),
    // Each attempt as the runner's HTTP events (reconcile's request metrics), the URL redacted.
    ...(onEvent
      ? {
          additionalPolicies: [
            {
              position: 'perRetry' as const,
              policy: {
                name: 'atlasCmkHttpEvents',
                async sendRequest(request, next) {
                  const base = {
                    operation: 'keyVault',
                    method: request.method as HttpMethod,
                    url: redactUrl(request.url),
                    attempt: 1,
                  };
                  onEvent({ kind: 'request', ...base });
                  const response = await next(request);
                  onEvent({ kind: 'response', ...base, status: response.status });
                  return response;
                },
              },
            },
          ],
        }
      : {}),
  });
}
