import { assertBaseUrl, joinUrl } from '../http/base-url.js';
import { AzureApiError } from '../http/errors.js';
import { redactUrl } from '../http/redact.js';
import { createTransport } from '../http/transport.js';
import type { HttpResponse, TransportDeps, TransportOptions } from '../http/types.js';
import { armApiError } from './arm-api-error.js';
import type { AzureConfig } from './config.js';
import type { KeyVaultRef } from './private-endpoint-connection.js';
import { tokenProviderFor } from './token-provider-for.js';

/** api-versions of the preflight reads (contracts/azure-preflight.subset.md of atlas-sim). */
export const PREFLIGHT_API_VERSIONS = {
  providers: '2024-03-01',
  vaults: '2023-07-01',
  permissions: '2022-04-01',
  keys: '7.5',
  graph: 'v1.0',
} as const;

/** The answer of a read that may find nothing: the value, or Azure's error code and message. */
export type Found<T> = { kind: 'found'; value: T } | { kind: 'missing'; status: number; code: string; detail: string };

/** What `GET /keys/{name}/{version}` says of a key version that preflight needs. */
export interface KeyFacts {
  keyOps: string[];
  enabled: boolean;
  /** Seconds since the epoch, as Key Vault sends them. */
  notBefore?: number;
  expires?: number;
}

/** The reads of `atlas-cmk preflight`: never a write. Every method rejects with `AzureApiError` for other failures. */
export interface PreflightClient {
  /** `registrationState` of a resource provider in a subscription (`Registered`, `NotRegistered`, …). */
  providerState(subscriptionId: string, namespace: string, signal?: AbortSignal): Promise<Found<string>>;
  /** The vault, or why it cannot be found (`ResourceNotFound`, `ResourceGroupNotFound`, `SubscriptionNotFound`). */
  vault(vault: KeyVaultRef, signal?: AbortSignal): Promise<Found<{ tenantId: string }>>;
  /** The caller's permissions on the vault (Microsoft.Authorization). */
  permissions(vault: KeyVaultRef, signal?: AbortSignal): Promise<{ actions: string[]; notActions: string[] }[]>;
  /** One key version through the Key Vault data plane, or why it cannot be read (`KeyNotFound`, `Forbidden` …). */
  key(
    ref: { vaultName: string; dnsSuffix: string; keyName: string; keyVersion: string },
    signal?: AbortSignal,
  ): Promise<Found<KeyFacts>>;
  /** When each client secret of the app registration `appId` expires (Microsoft Graph `passwordCredentials`). */
  appSecretExpiries(appId: string, signal?: AbortSignal): Promise<Found<(number | null)[]>>;
}

/** Options of {@link createPreflightClient}. */
export interface PreflightClientOptions extends TransportDeps, TransportOptions {
  /**
   * The Key Vault data-plane URL with `{vaultName}` where the vault's name goes (default
   * `https://{vaultName}.<dns suffix>`); the simulator's is `http://127.0.0.1:PORT/azure/keyvault/{vaultName}`.
   */
  keyVaultUrl?: string;
  /** Microsoft Graph's URL (default `https://graph.microsoft.com`); tokens are asked for its scope all the same. */
  graphUrl?: string;
}

/**
 * A client for the preflight reads: Resource Manager (providers, vault, permissions) with an ARM token and the Key
 * Vault data plane with a token for the vault's audience, both from the same Azure identity as approval uses.
 */
export function createPreflightClient(config: AzureConfig, options: PreflightClientOptions = {}): PreflightClient {
  assertBaseUrl(config.armUrl, 'The Azure Resource Manager URL');
  const transport = createTransport(armApiError, config.clientSecret ? [config.clientSecret] : [], options, options);
  const tokens = tokenProviderFor(config, transport, options.now ?? Date.now);
  const armAuth = tokens.bearer(config.armScope);
  const seg = encodeURIComponent;
  const vaultPath = (v: KeyVaultRef): string =>
    `/subscriptions/${seg(v.subscriptionId)}/resourceGroups/${seg(v.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${seg(v.vaultName)}`;

  const get = async <T>(
    operation: string,
    url: URL,
    auth: ReturnType<typeof tokens.bearer>,
    signal?: AbortSignal,
  ): Promise<Found<T>> => {
    let response: HttpResponse;
    try {
      response = await transport.send(
        { operation, method: 'GET', url, headers: { accept: 'application/json' } },
        { auth, ...(signal ? { signal } : {}) },
      );
    } catch (error) {
      if (error instanceof AzureApiError && (error.status === 404 || error.status === 403))
        return { kind: 'missing', status: error.status, code: error.code, detail: error.detail ?? '' };
      throw error;
    }
    try {
      return { kind: 'found', value: JSON.parse(response.body) as T };
    } catch (error) {
      throw new AzureApiError(
        { operation, method: 'GET', url: redactUrl(url) },
        { status: response.status, code: 'InvalidResponseBody', detail: 'the response is not JSON' },
        { cause: error },
      );
    }
  };
  const arm = (path: string, apiVersion: string): URL => {
    const url = joinUrl(config.armUrl, path);
    url.searchParams.set('api-version', apiVersion);
    return url;
  };

  return {
    async providerState(subscriptionId, namespace, signal) {
      const url = arm(
        `/subscriptions/${seg(subscriptionId)}/providers/${seg(namespace)}`,
        PREFLIGHT_API_VERSIONS.providers,
      );
      const found = await get<{ registrationState?: string }>('armGetProvider', url, armAuth, signal);
      return found.kind === 'found' ? { kind: 'found', value: found.value.registrationState ?? 'Unknown' } : found;
    },
    async vault(vault, signal) {
      const found = await get<{ properties?: { tenantId?: string } }>(
        'armGetVault',
        arm(vaultPath(vault), PREFLIGHT_API_VERSIONS.vaults),
        armAuth,
        signal,
      );
      return found.kind === 'found'
        ? { kind: 'found', value: { tenantId: found.value.properties?.tenantId ?? '' } }
        : found;
    },
    async permissions(vault, signal) {
      const url = arm(
        `${vaultPath(vault)}/providers/Microsoft.Authorization/permissions`,
        PREFLIGHT_API_VERSIONS.permissions,
      );
      const found = await get<{ value?: { actions?: string[]; notActions?: string[] }[] }>(
        'armListPermissions',
        url,
        armAuth,
        signal,
      );
      if (found.kind === 'missing') return [];
      return (found.value.value ?? []).map((p) => ({ actions: p.actions ?? [], notActions: p.notActions ?? [] }));
    },
    async appSecretExpiries(appId, signal) {
      const base = options.graphUrl ?? 'https://graph.microsoft.com';
      assertBaseUrl(base, 'The Microsoft Graph URL');
      const url = joinUrl(base, `/${PREFLIGHT_API_VERSIONS.graph}/applications(appId='${seg(appId)}')`);
      url.searchParams.set('$select', 'appId,passwordCredentials');
      const found = await get<{ passwordCredentials?: { endDateTime?: string | null }[] }>(
        'graphGetApplication',
        url,
        tokens.bearer('https://graph.microsoft.com/.default'),
        signal,
      );
      if (found.kind === 'missing') return found;
      return {
        kind: 'found',
        value: (found.value.passwordCredentials ?? []).map((c) => (c.endDateTime ? Date.parse(c.endDateTime) : null)),
      };
    },
    async key(ref, signal) {
      const base = (options.keyVaultUrl ?? `https://{vaultName}.${ref.dnsSuffix}`).replace(
        '{vaultName}',
        seg(ref.vaultName),
      );
      assertBaseUrl(base, 'The Key Vault URL');
      const url = joinUrl(base, `/keys/${seg(ref.keyName)}/${seg(ref.keyVersion)}`);
      url.searchParams.set('api-version', PREFLIGHT_API_VERSIONS.keys);
      const found = await get<{
        key?: { key_ops?: string[] };
        attributes?: { enabled?: boolean; nbf?: number; exp?: number };
      }>('keyVaultGetKey', url, tokens.bearer(`https://${ref.dnsSuffix}/.default`), signal);
      if (found.kind === 'missing') return found;
      const attributes = found.value.attributes ?? {};
      return {
        kind: 'found',
        value: {
          keyOps: found.value.key?.key_ops ?? [],
          enabled: attributes.enabled !== false,
          ...(attributes.nbf !== undefined ? { notBefore: attributes.nbf } : {}),
          ...(attributes.exp !== undefined ? { expires: attributes.exp } : {}),
        },
      };
    },
  };
}
