import type { LiveCluster, LiveEncryptionAtRest, LiveEndpoint, LiveProjectInfo } from '@atlas-cmk/core';
import { assertBaseUrl, joinUrl } from '../http/base-url.js';
import { AtlasApiError } from '../http/errors.js';
import { redactUrl } from '../http/redact.js';
import { createTransport } from '../http/transport.js';
import type { AuthStrategy, HttpMethod, HttpResponse, TransportDeps, TransportOptions } from '../http/types.js';
import { atlasApiError } from './api-error.js';
import type { AtlasConfig } from './config.js';
import { createDigestAuth } from './digest-auth.js';
import { ATLAS_MEDIA_TYPES, type AtlasOperation } from './media-types.js';
import { paginate, type ListResult } from './paginate.js';
import type { CallOptions, ClusterUpdate, CreateEarPrivateEndpoint, EncryptionAtRestUpdate } from './request-body.js';
import { createServiceAccountAuth } from './service-account-auth.js';

/** Cloud provider path segment of the EAR private endpoint operations. */
export type EarCloudProvider = 'AZURE';

/** Typed Atlas Admin API v2 operations used by atlas-cmk. All of them throw the errors of `http/errors.ts`. */
export interface AtlasClient {
  getProject(groupId: string, options?: CallOptions): Promise<LiveProjectInfo>;
  getEncryptionAtRest(groupId: string, options?: CallOptions): Promise<LiveEncryptionAtRest>;
  updateEncryptionAtRest(
    groupId: string,
    body: EncryptionAtRestUpdate,
    options?: CallOptions,
  ): Promise<LiveEncryptionAtRest>;
  /** Every endpoint, all pages. */
  listEarPrivateEndpoints(
    groupId: string,
    cloudProvider: EarCloudProvider,
    options?: CallOptions,
  ): Promise<ListResult<LiveEndpoint>>;
  /** A POST: on a failure after it may have reached Atlas this throws `MaybeAppliedError`, never repeats. */
  createEarPrivateEndpoint(
    groupId: string,
    cloudProvider: EarCloudProvider,
    body: CreateEarPrivateEndpoint,
    options?: CallOptions,
  ): Promise<LiveEndpoint>;
  getEarPrivateEndpoint(
    groupId: string,
    cloudProvider: EarCloudProvider,
    endpointId: string,
    options?: CallOptions,
  ): Promise<LiveEndpoint>;
  /** Requests deletion (204); the endpoint goes `DELETING`, then reads 404. */
  deleteEarPrivateEndpoint(
    groupId: string,
    cloudProvider: EarCloudProvider,
    endpointId: string,
    options?: CallOptions,
  ): Promise<void>;
  /** Every cluster, all pages. */
  listClusters(groupId: string, options?: CallOptions): Promise<ListResult<LiveCluster>>;
  getCluster(groupId: string, clusterName: string, options?: CallOptions): Promise<LiveCluster>;
  updateCluster(groupId: string, clusterName: string, body: ClusterUpdate, options?: CallOptions): Promise<LiveCluster>;
}

/** Extra knobs of {@link createAtlasClient}: transport tuning and the injected edges. */
export interface AtlasClientDeps extends TransportDeps, TransportOptions {
  /** Client nonce source for HTTP Digest (tests make it fixed). */
  cnonce?: () => string;
}

/**
 * Create an Atlas client. Throws `ConfigError` for a base URL that is not https (plain http is allowed to
 * loopback only). One client shares one concurrency limit, one digest nonce and one cached token across
 * all its requests; create one per process and pass it around.
 */
export function createAtlasClient(config: AtlasConfig, deps: AtlasClientDeps = {}): AtlasClient {
  assertBaseUrl(config.baseUrl, 'The Atlas base URL');
  const credentials = config.credentials;
  const secrets = credentials.kind === 'apiKey' ? [credentials.privateKey] : [credentials.clientSecret];
  const transport = createTransport(atlasApiError, secrets, deps, deps);
  const auth: AuthStrategy =
    credentials.kind === 'apiKey'
      ? createDigestAuth(credentials.publicKey, credentials.privateKey, deps.cnonce)
      : createServiceAccountAuth(
          config.baseUrl,
          credentials.clientId,
          credentials.clientSecret,
          transport,
          deps.now ?? Date.now,
        );

  const seg = encodeURIComponent;
  const groupPath = (groupId: string): string => `/api/atlas/v2/groups/${seg(groupId)}`;

  const call = async (
    operation: AtlasOperation,
    method: HttpMethod,
    path: string,
    options: CallOptions | undefined,
    body?: unknown,
    query?: URLSearchParams,
    bodySecrets: readonly string[] = [],
  ): Promise<HttpResponse> => {
    const url = joinUrl(config.baseUrl, path);
    if (query) url.search = query.toString();
    const mediaType = ATLAS_MEDIA_TYPES[operation];
    const headers: Record<string, string> = { accept: mediaType };
    if (body !== undefined) headers['content-type'] = mediaType;
    return transport.send(
      {
        operation,
        method,
        url,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        secrets: bodySecrets,
      },
      { signal: options?.signal, auth },
    );
  };

  const json = <T>(operation: AtlasOperation, response: HttpResponse, path: string, method: HttpMethod = 'GET'): T => {
    try {
      return JSON.parse(response.body) as T;
    } catch (error) {
      const url = redactUrl(joinUrl(config.baseUrl, path));
      throw new AtlasApiError(
        { operation, method, url },
        { status: response.status, errorCode: 'INVALID_RESPONSE_BODY', detail: 'the response is not JSON' },
        { cause: error },
      );
    }
  };

  const getJson = async <T>(operation: AtlasOperation, path: string, options?: CallOptions): Promise<T> =>
    json<T>(operation, await call(operation, 'GET', path, options), path);

  const list = <T>(operation: AtlasOperation, path: string, options?: CallOptions): Promise<ListResult<T>> =>
    paginate<T>(
      (query) => call(operation, 'GET', path, options, undefined, query),
      (response) => json(operation, response, path),
    );

  const earPath = (groupId: string, provider: EarCloudProvider): string =>
    `${groupPath(groupId)}/encryptionAtRest/${seg(provider)}/privateEndpoints`;

  return {
    getProject: (groupId, options) => getJson('getProject', groupPath(groupId), options),
    getEncryptionAtRest: (groupId, options) =>
      getJson('getEncryptionAtRest', `${groupPath(groupId)}/encryptionAtRest`, options),
    async updateEncryptionAtRest(groupId, body, options) {
      const path = `${groupPath(groupId)}/encryptionAtRest`;
      const secret = body.azureKeyVault?.secret;
      const response = await call(
        'updateEncryptionAtRest',
        'PATCH',
        path,
        options,
        body,
        undefined,
        secret ? [secret] : [],
      );
      return json('updateEncryptionAtRest', response, path, 'PATCH');
    },
    listEarPrivateEndpoints: (groupId, provider, options) =>
      list('listEarPrivateEndpoints', earPath(groupId, provider), options),
    async createEarPrivateEndpoint(groupId, provider, body, options) {
      const path = earPath(groupId, provider);
      return json(
        'createEarPrivateEndpoint',
        await call('createEarPrivateEndpoint', 'POST', path, options, body),
        path,
        'POST',
      );
    },
    getEarPrivateEndpoint: (groupId, provider, endpointId, options) =>
      getJson('getEarPrivateEndpoint', `${earPath(groupId, provider)}/${seg(endpointId)}`, options),
    async deleteEarPrivateEndpoint(groupId, provider, endpointId, options) {
      await call('deleteEarPrivateEndpoint', 'DELETE', `${earPath(groupId, provider)}/${seg(endpointId)}`, options);
    },
    listClusters: (groupId, options) => list('listClusters', `${groupPath(groupId)}/clusters`, options),
    getCluster: (groupId, name, options) =>
      getJson('getCluster', `${groupPath(groupId)}/clusters/${seg(name)}`, options),
    async updateCluster(groupId, name, body, options) {
      const path = `${groupPath(groupId)}/clusters/${seg(name)}`;
      return json('updateCluster', await call('updateCluster', 'PATCH', path, options, body), path, 'PATCH');
    },
  };
}
