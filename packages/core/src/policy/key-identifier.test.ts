import { describe, expect, it } from 'vitest';
import { parseKeyIdentifier } from './key-identifier.js';

describe('parseKeyIdentifier', () => {
  it('takes a versioned key URL apart', () => {
    expect(
      parseKeyIdentifier('https://KV-Payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f'),
    ).toEqual({
      raw: 'https://KV-Payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
      parsed: true,
      scheme: 'https',
      vaultName: 'kv-payments',
      dnsSuffix: 'vault.azure.net',
      keysPath: true,
      keyName: 'atlas',
      keyVersion: '78b9134f9bc94fda8027a32b4715bf3f',
      versioned: true,
      pathSegments: 3,
      extras: false,
    });
  });

  it('reports what is missing instead of failing', () => {
    expect(parseKeyIdentifier('https://kv.vault.azure.cn/keys/atlas')).toMatchObject({
      versioned: false,
      keyName: 'atlas',
      dnsSuffix: 'vault.azure.cn',
    });
    expect(parseKeyIdentifier('atlas-key')).toMatchObject({ parsed: false, versioned: false });
    expect(parseKeyIdentifier('https://kv.vault.azure.net:8443/keys/a/b?x=1')).toMatchObject({
      extras: true,
      versioned: true,
    });
    expect(parseKeyIdentifier('https://kv.vault.azure.net/secrets/a/b')).toMatchObject({
      keysPath: false,
      versioned: false,
    });
  });
});
