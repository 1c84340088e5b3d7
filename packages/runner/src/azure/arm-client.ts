import { assertBaseUrl } from '../http/base-url.js';
import { AzureApiError } from '../http/errors.js';
import { createTransport } from '../http/transport.js';
import type { TransportDeps, TransportOptions } from '../http/types.js';
import type { CallOptions } from '../atlas/request-body.js';
import { armApiError } from './arm-api-error.js';
import type { AzureConfig } from './config.js';
import type { KeyVaultConnections } from './key-vault-management.js';
import type { ConnectionStatus, KeyVaultRef, PrivateEndpointConnection } from './private-endpoint-connection.js';
import type { EntraTokenProvider } from './token-cache.js';
import { tokenProviderFor } from './token-provider-for.js';

/** Key Vault private endpoint connections through Azure Resource Manager. */
export interface ArmClient {
  /** Every connection of the vault (follows `nextLink`, on the ARM host only). */
  listPrivateEndpointConnections(vault: KeyVaultRef, options?: CallOptions): Promise<PrivateEndpointConnection[]>;
  /** One connection, or `undefined` when ARM says it does not exist (204, or 404). */
  getPrivateEndpointConnection(
    vault: KeyVaultRef,
    name: string,
    options?: CallOptions,
  ): Promise<PrivateEndpointConnection | undefined>;
  /** Approve or reject a connection (PUT; repeating the same PUT is harmless, so it is retried). */
  setPrivateEndpointConnectionStatus(
    vault: KeyVaultRef,
    name: string,
    status: Extract<ConnectionStatus, 'Approved' | 'Rejected'>,
    description: string,
    options?: CallOptions,
  ): Promise<PrivateEndpointConnection>;
  /** The token provider behind this client (for Key Vault data-plane scopes). */
  readonly tokens: EntraTokenProvider;
}

/**
 * Create an ARM client for Key Vault private endpoint connections: the official `@azure/arm-keyvault` client,
 * loaded on the first call (so commands that never call ARM never load it), sending through the runner's
 * transport. Throws `ConfigError` for a non-https ARM or authority URL (http only to loopback). Retries,
 * redaction and cancellation are those of the Atlas client; the Entra client secret and every bearer token are
 * scrubbed from every error.
 */
export function createArmClient(config: AzureConfig, deps: TransportDeps & TransportOptions = {}): ArmClient {
  assertBaseUrl(config.armUrl, 'The Azure Resource Manager URL');
  assertBaseUrl(config.authorityHost, 'The Azure authority host');
  const transport = createTransport(armApiError, config.clientSecret ? [config.clientSecret] : [], deps, deps);
  const tokens = tokenProviderFor(config, transport, deps.now ?? Date.now);
  let loaded: Promise<KeyVaultConnections> | undefined;
  const connections = (): Promise<KeyVaultConnections> => {
    loaded ??= import('./key-vault-management.js').then((sdk) =>
      sdk.createKeyVaultConnections(config, transport, tokens),
    );
    return loaded;
  };

  return {
    tokens,
    async listPrivateEndpointConnections(vault, options) {
      return (await connections()).list(vault, options);
    },
    async getPrivateEndpointConnection(vault, name, options) {
      try {
        return await (await connections()).get(vault, name, options);
      } catch (error) {
        if (error instanceof AzureApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async setPrivateEndpointConnectionStatus(vault, name, status, description, options) {
      return (await connections()).put(vault, name, status, description, options);
    },
  };
}
