import type { AzureEarState, KeyVersionState, VaultState, World } from './world-types.js';

/** Parsed `https://{vault}.{dns-suffix}/keys/{name}/{version}`. */
export interface KeyIdentifier {
  vaultName: string;
  dnsSuffix: string;
  keyName: string;
  keyVersion: string;
}

const keyIdPattern =
  /^https:\/\/([a-zA-Z0-9-]{3,24})\.(vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net)\/keys\/([a-zA-Z0-9-]{1,127})\/([0-9a-fA-F]{32})$/;

/** Parses a versioned Key Vault key URL; undefined when it is not one. */
export function parseKeyIdentifier(value: string): KeyIdentifier | undefined {
  const m = keyIdPattern.exec(value);
  if (!m || !m[1] || !m[2] || !m[3] || !m[4]) return undefined;
  return { vaultName: m[1], dnsSuffix: m[2], keyName: m[3], keyVersion: m[4] };
}

/** Why a key cannot be used, as Atlas's AZURE_KEY_VAULT_KEY_* error codes. */
export type KeyProblem =
  | 'AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT'
  | 'AZURE_KEY_VAULT_KEY_NOT_FOUND'
  | 'AZURE_KEY_VAULT_KEY_NOT_ENABLED'
  | 'AZURE_KEY_VAULT_KEY_EXPIRED'
  | 'AZURE_KEY_VAULT_KEY_NOT_ACTIVE'
  | 'AZURE_KEY_VAULT_KEY_EXPIRING';

/** Atlas's `detail` text for each key problem (docs `reference/api-errors`). */
export const keyProblemDetail: Record<KeyProblem, string> = {
  AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT: 'The Azure Key Vault key identifier is not in a valid format.',
  AZURE_KEY_VAULT_KEY_NOT_FOUND: 'The Azure Key Vault key was not found.',
  AZURE_KEY_VAULT_KEY_NOT_ENABLED: 'Key not enabled.',
  AZURE_KEY_VAULT_KEY_EXPIRED: 'The key has expired.',
  AZURE_KEY_VAULT_KEY_NOT_ACTIVE: 'The key must not be used before its "nbf" date.',
  AZURE_KEY_VAULT_KEY_EXPIRING: 'The key will expire within the next 48 hours.',
};

/** Finds a vault by name (Key Vault DNS names are global). */
export function findVault(world: World, name: string): VaultState | undefined {
  return world.vaults.find((v) => v.name.toLowerCase() === name.toLowerCase());
}

/** Finds a key version; a missing version means the newest. */
export function findKeyVersion(vault: VaultState, keyName: string, version?: string): KeyVersionState | undefined {
  const key = vault.keys.find((k) => k.name.toLowerCase() === keyName.toLowerCase());
  if (!key) return undefined;
  if (version === undefined) return key.versions[key.versions.length - 1];
  return key.versions.find((v) => v.version.toLowerCase() === version.toLowerCase());
}

/**
 * The first reason the key named by `keyIdentifier` cannot encrypt/decrypt at `nowMs`, or undefined if usable.
 * `forWrite` adds Atlas's 48-hour expiry warning, which it enforces only when the key is configured.
 */
export function keyProblem(
  world: World,
  keyIdentifier: string,
  nowMs: number,
  forWrite: boolean,
): KeyProblem | undefined {
  const id = parseKeyIdentifier(keyIdentifier);
  if (!id) return 'AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT';
  const vault = findVault(world, id.vaultName);
  const key = vault ? findKeyVersion(vault, id.keyName, id.keyVersion) : undefined;
  if (!key) return 'AZURE_KEY_VAULT_KEY_NOT_FOUND';
  if (!key.enabled) return 'AZURE_KEY_VAULT_KEY_NOT_ENABLED';
  if (key.expiresMs !== undefined && key.expiresMs <= nowMs) return 'AZURE_KEY_VAULT_KEY_EXPIRED';
  if (key.notBeforeMs !== undefined && key.notBeforeMs > nowMs) return 'AZURE_KEY_VAULT_KEY_NOT_ACTIVE';
  if (forWrite && key.expiresMs !== undefined && key.expiresMs - nowMs < 48 * 3600 * 1000)
    return 'AZURE_KEY_VAULT_KEY_EXPIRING';
  return undefined;
}

/** Whether the configured app credentials (or a roleId) can reach Azure. */
export function credentialsValid(world: World, ear: AzureEarState): boolean {
  if (ear.roleId) return true;
  return world.azureApps.some(
    (a) => a.clientId === ear.clientID && a.tenantId === ear.tenantID && a.clientSecretHash === ear.secretHash,
  );
}

/** Atlas's `valid`: CMK is enabled and the key can encrypt and decrypt right now. */
export function earValid(world: World, ear: AzureEarState, nowMs: number): boolean {
  return (
    ear.enabled &&
    ear.keyIdentifier !== undefined &&
    credentialsValid(world, ear) &&
    keyProblem(world, ear.keyIdentifier, nowMs, false) === undefined
  );
}

/**
 * Atlas's `valid` as it reports it: false from the moment it found the key unusable until an encryption-at-rest
 * PATCH validated it again (re-enabling the key in Key Vault alone does not make Atlas use it again).
 */
export function earReportedValid(world: World, ear: AzureEarState, nowMs: number): boolean {
  return ear.keyUnusableSinceMs === undefined && earValid(world, ear, nowMs);
}
