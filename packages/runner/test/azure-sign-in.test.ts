import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { azureConfigFromEnv, azureSignIn, type AzureConfig } from '../src/index.js';

const TENANT = { AZURE_TENANT_ID: 'tenant-1' };
const APP = { ...TENANT, AZURE_CLIENT_ID: 'app-1' };

function config(env: Record<string, string>): AzureConfig {
  const result = azureConfigFromEnv(env);
  if (result.kind !== 'ok') throw new Error(result.message);
  return result.config;
}

describe('Azure sign-in from the environment (Azure SDK conventions)', () => {
  it('a client secret wins over a federated token file', () => {
    const c = config({ ...APP, AZURE_CLIENT_SECRET: 's3cret-value', AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' });
    expect(azureSignIn(c)).toEqual({
      kind: 'clientSecret',
      tenantId: 'tenant-1',
      clientId: 'app-1',
      clientSecret: 's3cret-value',
    });
    expect(c.federatedTokenFile).toBeUndefined();
  });

  it('workload identity: AZURE_FEDERATED_TOKEN_FILE with tenant and client, no secret needed', () => {
    expect(azureSignIn(config({ ...APP, AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' }))).toEqual({
      kind: 'workloadIdentity',
      tenantId: 'tenant-1',
      clientId: 'app-1',
      tokenFilePath: '/var/run/token',
    });
    expect(azureConfigFromEnv({ ...TENANT, AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' })).toMatchObject({
      kind: 'error',
      missing: ['AZURE_CLIENT_ID'],
      message: expect.stringContaining('workload identity (AZURE_FEDERATED_TOKEN_FILE) needs AZURE_CLIENT_ID'),
    });
  });

  it('nothing set: managed identity, then the Azure CLI login; AZURE_CLIENT_ID alone picks a user-assigned identity', () => {
    expect(azureSignIn(config({}))).toEqual({ kind: 'managedIdentityOrCli' });
    expect(azureSignIn(config({ AZURE_CLIENT_ID: 'mi-1' }))).toEqual({
      kind: 'managedIdentityOrCli',
      clientId: 'mi-1',
    });
  });

  it('a half-set app registration is an error, not a silent fallback to another identity', () => {
    expect(azureConfigFromEnv({ AZURE_CLIENT_SECRET: 'x-secret' })).toMatchObject({
      kind: 'error',
      missing: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'],
    });
  });

  it('passes NODE_EXTRA_CA_CERTS of the given environment on, for a process started without it', () => {
    const pem = fileURLToPath(import.meta.url);
    expect(config({ NODE_EXTRA_CA_CERTS: pem }).extraCaFile).toBe(pem);
    expect(config({}).extraCaFile).toBeUndefined();
  });
});

describe('Azure settings that cannot work are errors before any request', () => {
  it('an unreadable NODE_EXTRA_CA_CERTS, and a plain-http authority without a client secret', () => {
    expect(azureConfigFromEnv({ NODE_EXTRA_CA_CERTS: '/nonexistent/extra.pem' })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('NODE_EXTRA_CA_CERTS names /nonexistent/extra.pem, which cannot be read'),
    });
    expect(
      azureConfigFromEnv({ AZURE_CLIENT_ID: 'mi-1', AZURE_AUTHORITY_HOST: 'http://127.0.0.1:7001' }),
    ).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('works only with AZURE_CLIENT_SECRET'),
    });
  });
});
