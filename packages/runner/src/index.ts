export { createAtlasClient, type AtlasClient, type AtlasClientDeps, type EarCloudProvider } from './atlas/client.js';
export {
  atlasConfigFromEnv,
  DEFAULT_ATLAS_BASE_URL,
  type AtlasConfig,
  type AtlasConfigResult,
  type AtlasCredentials,
} from './atlas/config.js';
export { ATLAS_MEDIA_TYPES, type AtlasOperation } from './atlas/media-types.js';
export type { ListResult } from './atlas/paginate.js';
export type {
  CallOptions,
  ClusterUpdate,
  CreateEarPrivateEndpoint,
  EncryptionAtRestUpdate,
} from './atlas/request-body.js';
export { digestResponse, parseDigestChallenge, type DigestChallenge, type DigestInput } from './atlas/digest.js';
export { createArmClient, type ArmClient } from './azure/arm-client.js';
export { azureConfigFromEnv, type AzureConfig, type AzureConfigResult } from './azure/config.js';
export { createEntraTokenProvider, type ClientSecretSignIn, type EntraTokenProvider } from './azure/entra-token.js';
export { azureSignIn, type AzureSignIn } from './azure/sign-in.js';
export { azureIdentityPresence, type AzureIdentityPresence } from './azure/identity-configured.js';
export type { ConnectionStatus, KeyVaultRef, PrivateEndpointConnection } from './azure/private-endpoint-connection.js';
export { checkBaseUrl } from './http/base-url.js';
export {
  AbortedError,
  AtlasApiError,
  AuthError,
  AzureApiError,
  ConfigError,
  HttpClientError,
  MaybeAppliedError,
  TransportError,
  type HttpErrorKind,
  type RequestInfo,
} from './http/errors.js';
export { redactUrl } from './http/redact.js';
export { defaultRetryPolicy, type RetryPolicy } from './http/retry-policy.js';
export type { Sleep } from './http/sleep.js';
export type { HttpEvent, HttpMethod, TransportDeps, TransportOptions } from './http/types.js';
export { isLiveReadFailure, type LiveReadFailure, type LiveReadFailureReason } from './live/live-read-failure.js';
export { readLiveState, type ReadLiveStateOptions } from './live/read-live-state.js';
export { probeProjectActive, PROBE_ENDPOINT_ID, type ProjectActivity } from './live/probe-project-active.js';
export type * from './events.js';
export * from './github/index.js';
export { realSleep } from './http/sleep.js';
export * from './apply/index.js';
export {
  createPreflightClient,
  PREFLIGHT_API_VERSIONS,
  type KeyFacts,
  type PreflightClient,
  type PreflightClientOptions,
} from './azure/preflight-client.js';
export { allows, preflightDocument, PREFLIGHT_CHECKS, type PreflightCheckId } from './azure/preflight-checks.js';
export * from './github-issues/index.js';
export { createKeyVaultKeys, type KeyRead, type KeyVaultKeys } from './azure/key-vault-keys.js';
