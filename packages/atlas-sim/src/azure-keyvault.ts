import { createHash } from 'node:crypto';
import { keyVaultApiVersions } from './azure-api-versions.js';
import { authenticateAzure } from './azure-auth.js';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv-factory.js';
import { keyUpdateParameters } from './azure-contract.js';
import { findKeyVersion, findVault } from './key-check.js';
import { azureError, ok, type SimResponse } from './sim-response.js';
import type { KeyVersionState, VaultState, World } from './world-types.js';

/** A deterministic 2048-bit RSA modulus look-alike for a key id (the simulator never does cryptography). */
function modulus(kid: string): string {
  const parts: Buffer[] = [];
  for (let i = 0; i < 8; i++) parts.push(createHash('sha256').update(`${kid}#${i}`).digest());
  return Buffer.concat(parts).toString('base64url');
}

/** Where a Key Vault request is addressed and who sends it. */
export interface KeyVaultRequest {
  world: World;
  params: Record<string, string>;
  query: URLSearchParams;
  authorization: string | undefined;
  nowMs: number;
  loginBase: string;
  /** The audience the vault announces in its Bearer challenge. */
  resource?: string;
}

/** The vault named by the path, with the caller and the api-version checked; or the refusal. */
function findVaultFor(req: KeyVaultRequest): { vault: VaultState } | SimResponse {
  const { world, params, query } = req;
  const vault = findVault(world, params['vaultName'] ?? '');
  if (!vault) return azureError(404, 'VaultNotFound', `The vault ${params['vaultName'] ?? ''} does not exist.`);
  const challenge = {
    'WWW-Authenticate': `Bearer authorization="${req.loginBase}/${vault.tenantId}", resource="${req.resource ?? 'https://vault.azure.net'}"`,
  };
  const app = authenticateAzure(world, req.authorization, 'keyvault', req.nowMs, challenge);
  if ('status' in app) return app;
  if (app.tenantId !== vault.tenantId)
    return azureError(
      401,
      'Unauthorized',
      `AKV10032: Invalid issuer. Expected one of the vault's tenant ${vault.tenantId}.`,
      challenge,
    );
  const apiVersion = query.get('api-version');
  if (!apiVersion || !keyVaultApiVersions.includes(apiVersion))
    return azureError(
      400,
      'BadParameter',
      `The specified version (${apiVersion ?? ''}) is not recognized. Consider using the latest supported version (7.5).`,
    );
  return { vault };
}

/** The vault, the caller and the api-version checked, then the key version named by the path; or the refusal. */
function findKey(req: KeyVaultRequest): { vault: VaultState; key: KeyVersionState; keyName: string } | SimResponse {
  const found = findVaultFor(req);
  if ('status' in found) return found;
  const { vault } = found;
  const keyName = req.params['keyName'] ?? '';
  const version = req.params['keyVersion'];
  const key = findKeyVersion(vault, keyName, version === '' ? undefined : version);
  if (!key)
    return azureError(
      404,
      'KeyNotFound',
      `A key with (name/id) ${keyName}${version ? `/${version}` : ''} was not found in this key vault.`,
    );
  return { vault, key, keyName };
}

/** The `KeyBundle` of a key version. */
function keyBundle(vault: VaultState, keyName: string, key: KeyVersionState): Record<string, unknown> {
  const kid = keyId(vault, keyName, key);
  return {
    key: {
      kid,
      kty: 'RSA',
      key_ops: key.keyOps ?? ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'],
      n: modulus(kid),
      e: 'AQAB',
    },
    attributes: keyAttributes(key),
    tags: {},
  };
}

function keyId(vault: VaultState, keyName: string, key: KeyVersionState): string {
  return `https://${vault.name}.vault.azure.net/keys/${keyName}/${key.version}`;
}

/** `KeyAttributes` of a key version, as Key Vault shows them in a `KeyBundle` and a `KeyItem`. */
function keyAttributes(key: KeyVersionState): Record<string, unknown> {
  const seconds = (ms: number): number => Math.floor(ms / 1000);
  return {
    enabled: key.enabled,
    ...(key.notBeforeMs !== undefined ? { nbf: seconds(key.notBeforeMs) } : {}),
    ...(key.expiresMs !== undefined ? { exp: seconds(key.expiresMs) } : {}),
    created: seconds(key.createdMs),
    updated: seconds(key.updatedMs ?? key.createdMs),
    recoverableDays: 90,
    recoveryLevel: 'Recoverable+Purgeable',
  };
}

/** Versions per page of "Get Key Versions" when the caller names no `maxresults` (the contract's default). */
const KEY_VERSIONS_PAGE = 25;

/**
 * `GET /keys/{name}/versions?api-version=7.5` ("Get Key Versions", keys/list permission): every version of the
 * key, as `KeyItem`s (its identifier and attributes), disabled versions too: the one read that tells a disabled
 * version's expiry, which "Get Key" refuses to show. `maxresults` (1 to 25) pages the list through `nextLink`.
 */
export function getKeyVersions(req: KeyVaultRequest & { requestUrl: string }): SimResponse {
  const found = findVaultFor(req);
  if ('status' in found) return found;
  const { vault } = found;
  const keyName = req.params['keyName'] ?? '';
  const key = vault.keys.find((k) => k.name.toLowerCase() === keyName.toLowerCase());
  if (!key) return azureError(404, 'KeyNotFound', `A key with (name/id) ${keyName} was not found in this key vault.`);
  const maxText = req.query.get('maxresults');
  const max = maxText === null ? KEY_VERSIONS_PAGE : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 25)
    return azureError(400, 'BadParameter', `maxresults must be an integer from 1 to 25; got ${maxText ?? ''}.`);
  const skipText = req.query.get('$skiptoken');
  const skip = skipText === null ? 0 : Number(skipText);
  if (!Number.isInteger(skip) || skip < 0)
    return azureError(400, 'BadParameter', `The $skiptoken ${skipText ?? ''} is not one this vault gave.`);
  const page = key.versions.slice(skip, skip + max);
  const value = page.map((v) => ({ kid: keyId(vault, key.name, v), attributes: keyAttributes(v), tags: {} }));
  const more = skip + max < key.versions.length;
  const next = new URL(req.requestUrl);
  next.searchParams.set('maxresults', String(max));
  next.searchParams.set('$skiptoken', String(skip + max));
  return ok(more ? { value, nextLink: next.href } : { value }, 'application/json; charset=utf-8');
}

/** `GET /keys/{name}[/{version}]?api-version=7.5` on the vault named in the path (Bearer token, Key Vault audience). */
export function getKey(req: KeyVaultRequest): SimResponse {
  const found = findKey(req);
  if ('status' in found) return found;
  const { vault, key, keyName } = found;
  if (!key.enabled)
    return {
      status: 403,
      body: {
        error: {
          code: 'Forbidden',
          message: 'Operation get is not allowed on a disabled key.',
          innererror: { code: 'KeyDisabled' },
        },
      },
      contentType: 'application/json; charset=utf-8',
    };
  return ok(keyBundle(vault, keyName, key), 'application/json; charset=utf-8');
}

let validateUpdate: ValidateFunction | undefined;

/**
 * `PATCH /keys/{name}/{version}?api-version=7.5` ("Update Key", keys/update permission): changes the attributes
 * the body names (`enabled`, `nbf`, `exp`, `key_ops`), on a disabled key too (that is how it is enabled again).
 * The body is checked against `KeyUpdateParameters` of the contract; anything else is `400 BadParameter`.
 */
export function updateKey(req: KeyVaultRequest & { body: unknown }): SimResponse {
  const found = findKey(req);
  if ('status' in found) return found;
  const { vault, key, keyName } = found;
  validateUpdate ??= createAjv({ allErrors: true, strict: false }).compile(keyUpdateParameters);
  if (req.body === undefined || !validateUpdate(req.body)) {
    const why = validateUpdate.errors?.[0];
    return azureError(
      400,
      'BadParameter',
      req.body === undefined
        ? 'The request body is missing: Update Key takes KeyUpdateParameters.'
        : `Invalid KeyUpdateParameters: ${why?.instancePath || '(root)'} ${why?.message ?? 'is invalid'}.`,
    );
  }
  const body = req.body as { key_ops?: string[]; attributes?: { enabled?: boolean; nbf?: number; exp?: number } };
  const attributes = body.attributes ?? {};
  if (attributes.enabled !== undefined) key.enabled = attributes.enabled;
  if (attributes.nbf !== undefined) key.notBeforeMs = attributes.nbf * 1000;
  if (attributes.exp !== undefined) key.expiresMs = attributes.exp * 1000;
  if (body.key_ops !== undefined) key.keyOps = [...body.key_ops];
  key.updatedMs = req.nowMs;
  return ok(keyBundle(vault, keyName, key), 'application/json; charset=utf-8');
}
