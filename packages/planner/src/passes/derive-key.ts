import { parseKeyIdentifier, shortKey } from '../key-identifier.js';
import type { ResourceChange } from '../plan-types.js';
import type { KeyIntent, KeyUsability, ProjectInput } from './draft.js';

/** What the key derivation returns: the intent and change of a `key.enable`, and what Atlas can expect. */
export interface DerivedKey {
  usability: KeyUsability;
  intent?: KeyIntent;
  change?: ResourceChange;
  warnings: string[];
}

/**
 * Judges the key version the desired file names from Key Vault's attributes, when the caller read them. A
 * disabled version is enabled again (`key.enable`) unless key repair is off: disabling the version is how a
 * customer revokes Atlas's access on purpose. An expired version cannot be made usable by enabling it, so it is
 * left alone. Only the facts of exactly the desired `keyIdentifier` count: a key being rotated away from is not
 * this plan's concern.
 */
export function deriveKey(input: ProjectInput, nowMs: number | undefined): DerivedKey {
  const desired = input.doc.project.spec.azureKeyVault;
  const facts = input.key;
  if (!desired.enabled || !desired.keyIdentifier || !facts || facts.keyIdentifier !== desired.keyIdentifier)
    return { usability: 'unknown', warnings: [] };
  const parts = parseKeyIdentifier(desired.keyIdentifier);
  const name = parts ? shortKey(parts) : desired.keyIdentifier;
  const expiresMs = facts.expires === null ? Number.NaN : Date.parse(facts.expires);
  if (nowMs !== undefined && expiresMs <= nowMs)
    return {
      usability: 'unusable',
      warnings: [`Key ${name} expired at ${facts.expires}: enabling it cannot help; rotate to a new key version.`],
    };
  if (facts.enabled) return { usability: 'usable', warnings: [] };
  if (!input.repairKeys)
    return {
      usability: 'unusable',
      warnings: [`Key ${name} is disabled in Key Vault and key repair is off: it stays disabled.`],
    };
  const before = { keyIdentifier: desired.keyIdentifier, enabled: false };
  const after = { keyIdentifier: desired.keyIdentifier, enabled: true };
  return {
    usability: 'after-enable',
    intent: {
      keyIdentifier: desired.keyIdentifier,
      keyVaultName: desired.keyVaultName ?? parts?.vault ?? '',
      azureEnvironment: desired.azureEnvironment,
    },
    change: {
      address: `key.${parts ? `${parts.keyName}/${parts.keyVersion}` : desired.keyIdentifier}`,
      action: 'update',
      before,
      after,
      patch: [{ op: 'replace', path: '/enabled', value: true }],
      reason: 'Key Vault reports the key version disabled: Atlas cannot use it and pauses the clusters',
    },
    warnings: [],
  };
}
