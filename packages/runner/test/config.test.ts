import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  atlasConfigFromEnv,
  azureConfigFromEnv,
  createArmClient,
  createAtlasClient,
} from '../src/index.js';

describe('atlasConfigFromEnv', () => {
  it('prefers a service account over an API key and warns', () => {
    const result = atlasConfigFromEnv({
      MONGODB_ATLAS_CLIENT_ID: 'mdb_sa_id_x',
      MONGODB_ATLAS_CLIENT_SECRET: 'sa-secret',
      MONGODB_ATLAS_PUBLIC_API_KEY: 'pub',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'priv',
    });
    expect(result).toEqual({
      kind: 'ok',
      config: {
        baseUrl: 'https://cloud.mongodb.com',
        credentials: { kind: 'serviceAccount', clientId: 'mdb_sa_id_x', clientSecret: 'sa-secret' },
      },
      warnings: [
        'Both service account and API key credentials are set; using the service account (MONGODB_ATLAS_CLIENT_ID).',
      ],
    });
  });

  it('uses an API key and the configured base URL', () => {
    const result = atlasConfigFromEnv({
      MONGODB_ATLAS_PUBLIC_API_KEY: 'pub',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'priv',
      MONGODB_ATLAS_BASE_URL: 'http://127.0.0.1:9000',
    });
    expect(result).toEqual({
      kind: 'ok',
      config: {
        baseUrl: 'http://127.0.0.1:9000',
        credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
      },
      warnings: [],
    });
  });

  it('lists the missing variables when nothing is set, with no secret in the message', () => {
    const result = atlasConfigFromEnv({});
    expect(result).toMatchObject({
      kind: 'error',
      missing: ['MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET'],
    });
    expect(result.kind === 'error' && result.message).toContain(
      'MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY',
    );
    const half = atlasConfigFromEnv({ MONGODB_ATLAS_PUBLIC_API_KEY: 'pub' });
    expect(half).toMatchObject({ kind: 'error', missing: ['MONGODB_ATLAS_PRIVATE_API_KEY'] });
    const secretOnly = atlasConfigFromEnv({ MONGODB_ATLAS_CLIENT_SECRET: 'only-secret-canary' });
    expect(secretOnly).toMatchObject({ kind: 'error', missing: ['MONGODB_ATLAS_CLIENT_ID'] });
    expect(JSON.stringify(secretOnly)).not.toContain('only-secret-canary');
  });

  it('rejects a service account id given as an API public key', () => {
    const result = atlasConfigFromEnv({
      MONGODB_ATLAS_PUBLIC_API_KEY: 'mdb_sa_id_123',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'mdb_sa_sk_secret',
    });
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toContain(
      'Set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET instead',
    );
    expect(JSON.stringify(result)).not.toContain('mdb_sa_sk_secret');
  });

  it('refuses plain http:// except to loopback', () => {
    for (const url of [
      'http://127.0.0.1:8080',
      'http://[::1]:8080',
      'http://localhost',
      'https://cloud.mongodbgov.com',
    ]) {
      expect(
        atlasConfigFromEnv({
          MONGODB_ATLAS_BASE_URL: url,
          MONGODB_ATLAS_CLIENT_ID: 'a',
          MONGODB_ATLAS_CLIENT_SECRET: 'b',
        }).kind,
      ).toBe('ok');
    }
    const result = atlasConfigFromEnv({
      MONGODB_ATLAS_BASE_URL: 'http://atlas.example.com',
      MONGODB_ATLAS_CLIENT_ID: 'a',
      MONGODB_ATLAS_CLIENT_SECRET: 'b',
    });
    expect(result).toMatchObject({ kind: 'error' });
    expect(result.kind === 'error' && result.message).toContain(
      'MONGODB_ATLAS_BASE_URL uses plain http:// to atlas.example.com',
    );
    expect(
      atlasConfigFromEnv({
        MONGODB_ATLAS_BASE_URL: 'not a url',
        MONGODB_ATLAS_CLIENT_ID: 'a',
        MONGODB_ATLAS_CLIENT_SECRET: 'b',
      }).kind,
    ).toBe('error');
  });

  it('createAtlasClient refuses plain http:// to a remote host', () => {
    expect(() =>
      createAtlasClient({
        baseUrl: 'http://10.0.0.5',
        credentials: { kind: 'apiKey', publicKey: 'p', privateKey: 'k' },
      }),
    ).toThrow(ConfigError);
    expect(() =>
      createAtlasClient({
        baseUrl: 'http://10.0.0.5',
        credentials: { kind: 'apiKey', publicKey: 'p', privateKey: 'k' },
      }),
    ).toThrow(/plain http:\/\/ to 10\.0\.0\.5/);
  });
});

describe('azureConfigFromEnv', () => {
  it('names the missing Azure variables', () => {
    expect(azureConfigFromEnv({ AZURE_TENANT_ID: 't' })).toMatchObject({
      kind: 'error',
      missing: ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'],
    });
  });

  it('derives ARM from the authority host and accepts overrides', () => {
    const base = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' };
    expect(azureConfigFromEnv({ ...base, AZURE_AUTHORITY_HOST: 'https://login.chinacloudapi.cn/' })).toMatchObject({
      kind: 'ok',
      config: {
        authorityHost: 'https://login.chinacloudapi.cn',
        armUrl: 'https://management.chinacloudapi.cn',
        armScope: 'https://management.chinacloudapi.cn/.default',
      },
    });
    expect(
      azureConfigFromEnv({
        ...base,
        ATLAS_CMK_AZURE_ARM_URL: 'http://127.0.0.1:7000',
        AZURE_AUTHORITY_HOST: 'http://127.0.0.1:7001',
      }),
    ).toMatchObject({
      kind: 'ok',
      config: {
        armUrl: 'http://127.0.0.1:7000',
        authorityHost: 'http://127.0.0.1:7001',
        armScope: 'https://management.azure.com/.default',
      },
    });
    expect(azureConfigFromEnv({ ...base, ATLAS_CMK_AZURE_ARM_URL: 'http://arm.example.com' }).kind).toBe('error');
  });

  it('createArmClient refuses plain http:// to a remote host', () => {
    const config = {
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      authorityHost: 'https://login.microsoftonline.com',
      armUrl: 'http://arm.example.com',
      armScope: 'x',
    };
    expect(() => createArmClient(config)).toThrow(ConfigError);
  });
});
