import { assertBaseUrl, joinUrl } from '../http/base-url.js';
import { AzureApiError } from '../http/errors.js';
import { redactUrl } from '../http/redact.js';
import { createTransport } from '../http/transport.js';
import {
  headerValue,
  type HttpMethod,
  type HttpResponse,
  type TransportDeps,
  type TransportOptions,
} from '../http/types.js';
import type { CallOptions } from '../atlas/request-body.js';
import { armApiError } from './arm-api-error.js';
import type { AzureConfig } from './config.js';
import type { EntraTokenProvider } from './token-cache.js';
import { tokenProviderFor } from './token-provider-for.js';
import type {
  ConnectionStatus,
  DeleteConnectionResult,
  KeyVaultRef,
  PrivateEndpointConnection,
} from './private-endpoint-connection.js';

/** ARM API version of every Key Vault call (the version MongoDB's own example uses). */
export const KEY_VAULT_ARM_API_VERSION = '2023-07-01';

/** Key Vault private endpoint connections through Azure Resource Manager. */
export interface ArmClient {
  /** Every connection of the vault (follows `nextLink`). */
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
  /** Remove a connection; an absent one counts as deleted. */
  deletePrivateEndpointConnection(
    vault: KeyVaultRef,
    name: string,
    options?: CallOptions,
  ): Promise<DeleteConnectionResult>;
  /** The token provider behind this client (for Key Vault data-plane scopes). */
  readonly tokens: EntraTokenProvider;
}

/**
 * Create an ARM client for Key Vault private endpoint connections. Throws `ConfigError` for a non-https
 * ARM or authority URL (http only to loopback). Retries, redaction and cancellation are those of the
 * Atlas client; the Entra client secret is scrubbed from every error.
 */
export function createArmClient(config: AzureConfig, deps: TransportDeps & TransportOptions = {}): ArmClient {
  assertBaseUrl(config.armUrl, 'The Azure Resource Manager URL');
  assertBaseUrl(config.authorityHost, 'The Azure authority host');
  const transport = createTransport(armApiError, config.clientSecret ? [config.clientSecret] : [], deps, deps);
  const tokens = tokenProviderFor(config, transport, deps.now ?? Date.now);
  const auth = tokens.bearer(config.armScope);
  const origin = new URL(config.armUrl).origin;

  const connectionsUrl = (vault: KeyVaultRef, name?: string): URL => {
    const seg = encodeURIComponent;
    const path =
      `/subscriptions/${seg(vault.subscriptionId)}/resourceGroups/${seg(vault.resourceGroupName)}` +
      `/providers/Microsoft.KeyVault/vaults/${seg(vault.vaultName)}/privateEndpointConnections` +
      (name === undefined ? '' : `/${seg(name)}`);
    const url = joinUrl(config.armUrl, path);
    url.searchParams.set('api-version', KEY_VAULT_ARM_API_VERSION);
    return url;
  };

  const send = (
    operation: string,
    method: HttpMethod,
    url: URL,
    options?: CallOptions,
    body?: unknown,
  ): Promise<HttpResponse> =>
    transport.send(
      {
        operation,
        method,
        url,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      { signal: options?.signal, auth },
    );

  const json = <T>(operation: string, method: HttpMethod, url: URL, response: HttpResponse): T => {
    try {
      return JSON.parse(response.body) as T;
    } catch (error) {
      throw new AzureApiError(
        { operation, method, url: redactUrl(url) },
        { status: response.status, code: 'InvalidResponseBody', detail: 'the response is not JSON' },
        { cause: error },
      );
    }
  };

  return {
    tokens,
    async listPrivateEndpointConnections(vault, options) {
      const all: PrivateEndpointConnection[] = [];
      let url: URL | undefined = connectionsUrl(vault);
      while (url) {
        const page: { value?: PrivateEndpointConnection[]; nextLink?: string } = json(
          'armListPrivateEndpointConnections',
          'GET',
          url,
          await send('armListPrivateEndpointConnections', 'GET', url, options),
        );
        all.push(...(page.value ?? []));
        const next: URL | undefined = page.nextLink ? new URL(page.nextLink) : undefined;
        // Never send the bearer token to another host than the configured ARM endpoint.
        if (next && next.origin !== origin) {
          throw new AzureApiError(
            { operation: 'armListPrivateEndpointConnections', method: 'GET', url: redactUrl(url) },
            { status: 200, code: 'UnexpectedNextLink', detail: `nextLink points to ${next.origin}, not ${origin}` },
          );
        }
        url = next;
      }
      return all;
    },
    async getPrivateEndpointConnection(vault, name, options) {
      const url = connectionsUrl(vault, name);
      try {
        const response = await send('armGetPrivateEndpointConnection', 'GET', url, options);
        return response.status === 204 ? undefined : json('armGetPrivateEndpointConnection', 'GET', url, response);
      } catch (error) {
        if (error instanceof AzureApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async setPrivateEndpointConnectionStatus(vault, name, status, description, options) {
      const url = connectionsUrl(vault, name);
      const body = { properties: { privateLinkServiceConnectionState: { status, description } } };
      return json(
        'armPutPrivateEndpointConnection',
        'PUT',
        url,
        await send('armPutPrivateEndpointConnection', 'PUT', url, options, body),
      );
    },
    async deletePrivateEndpointConnection(vault, name, options) {
      const url = connectionsUrl(vault, name);
      try {
        const response = await send('armDeletePrivateEndpointConnection', 'DELETE', url, options);
        if (response.status !== 202) return { kind: 'deleted' };
        const retryAfter = Number(headerValue(response, 'retry-after'));
        return {
          kind: 'accepted',
          location: headerValue(response, 'location'),
          retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
        };
      } catch (error) {
        if (error instanceof AzureApiError && error.status === 404) return { kind: 'deleted' };
        throw error;
      }
    },
  };
}
