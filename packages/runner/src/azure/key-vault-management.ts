import { KeyVaultManagementClient, type PrivateEndpointConnection } from '@azure/arm-keyvault';
import type { TokenCredential } from '@azure/identity';
import {
  bearerTokenAuthenticationPolicyName,
  decompressResponsePolicyName,
  redirectPolicyName,
} from '@azure/core-rest-pipeline';
import type { CallOptions } from '../atlas/request-body.js';
import type { Transport } from '../http/transport.js';
import type { HttpMethod } from '../http/types.js';
import type { AzureConfig } from './config.js';
import type { ConnectionStatus, KeyVaultRef } from './private-endpoint-connection.js';
import type { EntraTokenProvider } from './token-cache.js';
import { transportHttpClient } from './transport-http-client.js';

/** The three ARM calls atlas-cmk makes on a vault's private endpoint connections. */
export interface KeyVaultConnections {
  list(vault: KeyVaultRef, options?: CallOptions): Promise<PrivateEndpointConnection[]>;
  get(vault: KeyVaultRef, name: string, options?: CallOptions): Promise<PrivateEndpointConnection | undefined>;
  put(
    vault: KeyVaultRef,
    name: string,
    status: Extract<ConnectionStatus, 'Approved' | 'Rejected'>,
    description: string,
    options?: CallOptions,
  ): Promise<PrivateEndpointConnection>;
}

/** The operation name of an ARM request on private endpoint connections, for errors and progress events. */
function operationFor(method: HttpMethod, url: URL): string {
  if (method === 'PUT') return 'armPutPrivateEndpointConnection';
  // The collection (and its nextLink pages) ends in `/privateEndpointConnections`; one connection adds its name.
  return /\/privateEndpointConnections\/?$/.test(url.pathname)
    ? 'armListPrivateEndpointConnections'
    : 'armGetPrivateEndpointConnection';
}

/**
 * Key Vault private endpoint connections through the official `@azure/arm-keyvault` client. Its requests go out
 * through the runner's transport (see `transportHttpClient`): the SDK's own retry, redirect and bearer-token
 * policies are removed so retries, token refresh and redaction happen once, in the runner. The SDK's other
 * policies stay (user agent, client request ID, api-version, serialization). This module is the only one that
 * loads `@azure/arm-keyvault`: import it only when an ARM call is made.
 */
export function createKeyVaultConnections(
  config: AzureConfig,
  transport: Transport,
  tokens: EntraTokenProvider,
): KeyVaultConnections {
  const base = new URL(config.armUrl);
  const host = config.armUrl.replace(/\/+$/, '');
  const httpClient = transportHttpClient(transport, {
    origin: base.origin,
    auth: tokens.bearer(config.armScope),
    operationFor,
  });
  // The SDK requires a credential, but its bearer policy is removed: the transport signs each attempt with the
  // runner's token provider (over the @azure/identity sign-in). Any other use is a bug, and says so.
  const credential: TokenCredential = {
    getToken: () =>
      Promise.reject(new Error('ARM requests are signed by the runner transport, not by the SDK pipeline')),
  };
  const clients = new Map<string, KeyVaultManagementClient>();
  const clientFor = (subscriptionId: string): KeyVaultManagementClient => {
    let client = clients.get(subscriptionId);
    if (!client) {
      client = new KeyVaultManagementClient(credential, subscriptionId, {
        $host: host,
        endpoint: host,
        credentialScopes: [config.armScope],
        httpClient,
        // assertBaseUrl allowed http:// only to loopback (the simulator); the SDK is told so explicitly.
        allowInsecureConnection: base.protocol === 'http:',
      });
      client.pipeline.removePolicy({ phase: 'Retry' });
      client.pipeline.removePolicy({ name: redirectPolicyName });
      client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
      // undici hands the body over as sent; asking for gzip would hand the SDK compressed bytes.
      client.pipeline.removePolicy({ name: decompressResponsePolicyName });
      clients.set(subscriptionId, client);
    }
    return client;
  };

  return {
    async list(vault, options) {
      const all: PrivateEndpointConnection[] = [];
      const pages = clientFor(vault.subscriptionId).privateEndpointConnections.listByResource(
        vault.resourceGroupName,
        vault.vaultName,
        { abortSignal: options?.signal },
      );
      for await (const connection of pages) all.push(connection);
      return all;
    },
    async get(vault, name, options) {
      let status = 0;
      const connection = await clientFor(vault.subscriptionId).privateEndpointConnections.get(
        vault.resourceGroupName,
        vault.vaultName,
        name,
        {
          abortSignal: options?.signal,
          onResponse: (raw) => {
            status = raw.status;
          },
        },
      );
      // ARM answers 204 (no body) for a connection that does not exist; a 404 arrives as an AzureApiError.
      return status === 204 ? undefined : connection;
    },
    put(vault, name, status, description, options) {
      return clientFor(vault.subscriptionId).privateEndpointConnections.put(
        vault.resourceGroupName,
        vault.vaultName,
        name,
        { privateLinkServiceConnectionState: { status, description } },
        { abortSignal: options?.signal },
      );
    },
  };
}
