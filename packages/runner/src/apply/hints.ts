/**
 * What to do next, per Atlas `errorCode` a step can meet. Hints are written by atlas-cmk (never copied from
 * a response), so they cannot carry a secret.
 */
const HINTS: Readonly<Record<string, string>> = {
  CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS:
    'Atlas refuses to disable CMK while private endpoints exist: remove every endpoint first (run atlas-cmk plan again; it orders the deletions before the disable).',
  CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST:
    'An endpoint is still being deleted: wait until Atlas no longer lists it, then run atlas-cmk apply again.',
  CANNOT_DISABLE_ENCRYPTION_AT_REST:
    'CMK is still enabled on at least one cluster: set encryptionAtRest: false on those clusters (or remove them) and apply again.',
  ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING:
    'The endpoint is still provisioning; run atlas-cmk apply again once it has left INITIATING.',
  INSUFFICIENT_INSTANCE_SIZE:
    'Customer-managed keys need a dedicated cluster of tier M10 or larger: scale a shared-tier cluster (M0, M2, M5) up, migrate a Flex cluster or serverless instance to a dedicated cluster, or set encryptionAtRest: false on it.',
  AZURE_KEY_VAULT_KEY_NOT_FOUND:
    'Check keyIdentifier: the key and version must exist in the configured vault and the app must be allowed to read it.',
  AZURE_KEY_VAULT_KEY_NOT_ENABLED:
    'Enable the key version in Azure Key Vault, or point keyIdentifier at an enabled version.',
  AZURE_KEY_VAULT_KEY_EXPIRED: 'The key version has expired: create a new version and rotate keyIdentifier to it.',
  AZURE_KEY_VAULT_KEY_EXPIRING:
    'The key version expires within 48 hours: create a new version and rotate keyIdentifier to it.',
  AZURE_KEY_VAULT_KEY_NOT_ACTIVE: 'The key version is not active yet (its activation date is in the future).',
  AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT:
    'keyIdentifier must be the full versioned key URL https://<vault>.vault.azure.net/keys/<name>/<version>.',
  AZURE_KEY_VAULT_ENVIRONMENT_NOT_SUPPORTED: 'Check azureEnvironment: AZURE, AZURE_CHINA or AZURE_US_GOVERNMENT.',
  INVALID_AZURE_CREDENTIALS:
    'Atlas could not sign in to Azure: check clientID, tenantID and that the client secret is current (Azure secrets expire).',
  NO_PERMISSION_TO_ENCRYPT_DECRYPT:
    "Grant the app GET, ENCRYPT and DECRYPT (wrapKey/unwrapKey) on the key in the vault's access policy or RBAC.",
  ENCRYPTION_AT_REST_SETTINGS_INVALID:
    'Atlas cannot use the key: check the key permissions (GET, ENCRYPT, DECRYPT), the client secret, and that the key is enabled and not expired.',
  ENCRYPTION_AT_REST_NOT_ENABLED: 'Enable CMK on the project first (azureKeyVault.enabled: true).',
  CANNOT_CHANGE_ENCRYPTION_AT_REST_PROVIDER:
    'The cluster uses another encryption provider; disable it on the cluster first.',
  CANNOT_UPDATE_PAUSED_CLUSTER: 'Resume the cluster, then run atlas-cmk apply again.',
  INACTIVE_ORG:
    'Reported under cmk/project-active: reactivate the organization in Atlas (billing), then run atlas-cmk apply again.',
  RATE_LIMITED:
    'Atlas rate-limited the requests: wait a minute, then run atlas-cmk apply again; it continues where it stopped.',
  GROUP_NOT_FOUND: 'Check spec.projectId and that the credentials can see this project.',
  CLUSTER_NOT_FOUND: 'The cluster no longer exists: remove it from clusters and plan again.',
  USER_CANNOT_ACCESS_GROUP: 'The Atlas credentials need the Project Owner role on this project.',
  NOT_IN_GROUP: 'The Atlas credentials need the Project Owner role on this project.',
  UNEXPECTED_ERROR: 'Atlas had an internal error; run atlas-cmk apply again, it re-reads live state first.',
};

/** The hint for an Atlas error code, if atlas-cmk knows one. */
export function hintFor(errorCode: string | undefined): string | undefined {
  return errorCode === undefined ? undefined : HINTS[errorCode];
}
