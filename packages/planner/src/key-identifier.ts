import type { KeyRotation } from './plan-types.js';

/** The parts of a versioned Key Vault key URL `https://{vault}.{dns}/keys/{name}/{version}`. */
export interface KeyIdentifierParts {
  vault: string;
  keyName: string;
  keyVersion: string;
}

/** Parses a versioned key URL; `undefined` for anything else (policy reports malformed identifiers). */
export function parseKeyIdentifier(keyIdentifier: string): KeyIdentifierParts | undefined {
  const match = /^https:\/\/([^./]+)\.[^/]+\/keys\/([^/]+)\/([^/]+)\/?$/.exec(keyIdentifier);
  if (!match) return undefined;
  const [, vault, keyName, keyVersion] = match;
  if (vault === undefined || keyName === undefined || keyVersion === undefined) return undefined;
  return { vault, keyName, keyVersion };
}

/** The rotation from `before` to `after` when both are key URLs of the same vault and differ. */
export function keyRotation(before: string | undefined, after: string | undefined): KeyRotation | undefined {
  if (before === undefined || after === undefined || before === after) return undefined;
  const from = parseKeyIdentifier(before);
  const to = parseKeyIdentifier(after);
  if (!from || !to || from.vault !== to.vault) return undefined;
  return {
    vault: to.vault,
    from: { keyName: from.keyName, keyVersion: from.keyVersion },
    to: { keyName: to.keyName, keyVersion: to.keyVersion },
  };
}

/** `atlas 78b9134f…`: a key name with its version shortened for people. */
export function shortKey(key: { keyName: string; keyVersion: string }): string {
  const version = key.keyVersion.length > 8 ? `${key.keyVersion.slice(0, 8)}…` : key.keyVersion;
  return `${key.keyName}/${version}`;
}
