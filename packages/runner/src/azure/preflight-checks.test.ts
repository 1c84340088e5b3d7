import type { LoadedDocument, ProjectEncryption } from '@atlas-cmk/core';
import { describe, expect, it } from 'vitest';
import { allows, preflightDocument } from './preflight-checks.js';
import type { PreflightClient } from './preflight-client.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');

function doc(vault: Partial<ProjectEncryption['spec']['azureKeyVault']> = {}): LoadedDocument {
  const project: ProjectEncryption = {
    apiVersion: 'atlas-cmk/v1',
    kind: 'ProjectEncryption',
    metadata: { name: 'p' },
    spec: {
      projectId: '66c9e8f1dd6c9960802420e9',
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
        tenantID: '1f6ef922-9303-402a-bae2-cc68810b023c',
        subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        resourceGroupName: 'rg',
        keyVaultName: 'kv',
        keyIdentifier: 'https://kv.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
        requirePrivateNetworking: true,
        ...vault,
      },
      privateEndpoints: { regions: ['US_CENTRAL'], approval: 'manual' },
      clusters: [],
      waivers: [],
    },
  };
  return { file: 'p.yaml', index: 0, project, locate: (path) => ({ file: 'p.yaml', line: path.length, column: 1 }) };
}

/** A client whose answers a test sets; it records every read. */
function client(over: Partial<Record<keyof PreflightClient, unknown>> = {}): PreflightClient & { calls: string[] } {
  const calls: string[] = [];
  const answer =
    <T>(name: keyof PreflightClient, fallback: T) =>
    async () => {
      calls.push(name);
      return (over[name] ?? fallback) as T;
    };
  return {
    calls,
    providerState: answer('providerState', { kind: 'found', value: 'Registered' }),
    vault: answer('vault', { kind: 'found', value: { tenantId: 't' } }),
    permissions: answer('permissions', []),
    key: answer('key', { kind: 'found', value: { keyOps: ['wrapKey', 'unwrapKey'], enabled: true } }),
    appSecretExpiries: answer('appSecretExpiries', { kind: 'found', value: [NOW + 400 * 86_400_000] }),
  };
}

describe('allows', () => {
  it('matches actions with wildcards and lets notActions take them away, case-insensitively', () => {
    const write = 'Microsoft.KeyVault/vaults/privateEndpointConnections/write';
    expect(allows([{ actions: ['*'], notActions: [] }], write)).toBe(true);
    expect(allows([{ actions: ['microsoft.keyvault/*'], notActions: [] }], write)).toBe(true);
    expect(allows([{ actions: ['*/read'], notActions: [] }], write)).toBe(false);
    expect(allows([{ actions: ['Microsoft.KeyVault/*'], notActions: ['*/write'] }], write)).toBe(false);
    expect(allows([{ actions: ['Microsoft.KeyVault.Fake/*'], notActions: [] }], write)).toBe(false);
    expect(allows([], write)).toBe(false);
  });
});

describe('preflightDocument', () => {
  it('reads nothing for a project that does not enable customer-managed keys', async () => {
    const c = client();
    expect(await preflightDocument(c, doc({ enabled: false }), { nowMs: NOW })).toEqual([]);
    expect(c.calls).toEqual([]);
  });

  it('asks no permission with approval: manual, and no Graph with roleId authentication', async () => {
    const c = client();
    expect(
      await preflightDocument(c, doc({ clientID: undefined, roleId: '66c9e8f1dd6c9960802420aa' }), { nowMs: NOW }),
    ).toEqual([]);
    expect(c.calls).toEqual(['providerState', 'providerState', 'vault', 'key']);
  });

  it('reports an expired key version and an app whose secrets all expire within the window', async () => {
    const c = client({
      key: { kind: 'found', value: { keyOps: ['encrypt', 'decrypt'], enabled: true, expires: NOW / 1000 - 60 } },
      appSecretExpiries: { kind: 'found', value: [NOW - 1000, NOW + 5 * 86_400_000] },
    });
    const found = await preflightDocument(c, doc(), { nowMs: NOW, secretWindowDays: 7 });
    expect(found.map((d) => [d.code, d.message.slice(0, 60)])).toEqual([
      ['azure/app-secret-not-expiring', 'every client secret of the app registration b054a9ff-b60a-4c'],
      ['azure/key-usable', 'the key version atlas/78b9134f9bc94fda8027a32b4715bf3f expir'],
    ]);
    expect(found[1]?.message).toContain('az keyvault key rotate --vault-name kv --name atlas');
    // A secret with no end date never expires.
    const forever = client({ appSecretExpiries: { kind: 'found', value: [null] } });
    expect(await preflightDocument(forever, doc(), { nowMs: NOW })).toEqual([]);
  });
});
