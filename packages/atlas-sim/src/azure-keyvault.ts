import { createHash } from 'node:crypto';
import { keyVaultApiVersions } from './azure-api-versions.js';
import { authenticateAzure } from './azure-auth.js';
import { findKeyVersion, findVault } from './key-check.js';
import { azureError, ok, type SimResponse } from './sim-response.js';
import type { World } from './world-types.js';

/** A deterministic 2048-bit RSA modulus look-alike for a key id (the simulator never does cryptography). */
function modulus(kid: string): string {
  const parts: Buffer[] = [];
  for (let i = 0; i < 8; i++) parts.push(createHash('sha256').update(`${kid}#${i}`).digest());
  return Buffer.concat(parts).toString('base64url');
}

/** `GET /keys/{name}[/{version}]?api-version=7.5` on the vault named in the path (Bearer token, Key Vault audience). */
export function getKey(
  world: World,
  params: Record<string, string>,
  query: URLSearchParams,
  authorization: string | undefined,
  nowMs: number,
  loginBase: string,
  resource = 'https://vault.azure.net',
): SimResponse {
  const vault = findVault(world, params['vaultName'] ?? '');
  if (!vault) return azureError(404, 'VaultNotFound', `The vault ${params['vaultName'] ?? ''} does not exist.`);
  const challenge = {
    'WWW-Authenticate': `Bearer authorization="${loginBase}/${vault.tenantId}", resource="${resource}"`,
  };
  const app = authenticateAzure(world, authorization, 'keyvault', nowMs, challenge);
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
  const keyName = params['keyName'] ?? '';
  const version = params['keyVersion'];
  const key = findKeyVersion(vault, keyName, version === '' ? undefined : version);
  if (!key)
    return azureError(
      404,
      'KeyNotFound',
      `A key with (name/id) ${keyName}${version ? `/${version}` : ''} was not found in this key vault.`,
    );
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
  const kid = `https://${vault.name}.vault.azure.net/keys/${keyName}/${key.version}`;
  const seconds = (ms: number): number => Math.floor(ms / 1000);
  return ok(
    {
      key: {
        kid,
        kty: 'RSA',
        key_ops: key.keyOps ?? ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'],
        n: modulus(kid),
        e: 'AQAB',
      },
      attributes: {
        enabled: key.enabled,
        ...(key.notBeforeMs !== undefined ? { nbf: seconds(key.notBeforeMs) } : {}),
        ...(key.expiresMs !== undefined ? { exp: seconds(key.expiresMs) } : {}),
        created: seconds(key.createdMs),
        updated: seconds(key.createdMs),
        recoverableDays: 90,
        recoveryLevel: 'Recoverable+Purgeable',
      },
      tags: {},
    },
    'application/json; charset=utf-8',
  );
}
