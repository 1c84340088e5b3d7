import type { LiveProjectState } from '@atlas-cmk/core';
import { describe, expect, it } from 'vitest';
import { fingerprintLive, liveFacts } from './fingerprint.js';

const state = (): LiveProjectState => ({
  projectId: 'p1',
  project: { id: 'p1', name: 'payments', orgId: 'o1' },
  encryptionAtRest: {
    azureKeyVault: {
      enabled: true,
      keyVaultName: 'kv',
      keyIdentifier: 'https://kv.vault.azure.net/keys/k/1',
      requirePrivateNetworking: true,
      valid: true,
    },
    awsKms: { enabled: false },
  },
  endpoints: [
    { id: 'e2', cloudProvider: 'AZURE', regionName: 'EUROPE_NORTH', status: 'ACTIVE' },
    {
      id: 'e1',
      cloudProvider: 'AZURE',
      regionName: 'US_CENTRAL',
      status: 'PENDING_ACCEPTANCE',
      privateEndpointConnectionName: 'c1',
    },
  ],
  clusters: [
    { name: 'orders', encryptionAtRestProvider: 'AZURE', stateName: 'IDLE' },
    { name: 'archive', stateName: 'IDLE' },
  ],
});

describe('fingerprintLive', () => {
  it('is stable across key order and list order of the live facts', () => {
    const a = state();
    const b: LiveProjectState = {
      clusters: [...a.clusters].reverse().map((c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c),
      endpoints: [...a.endpoints].reverse(),
      encryptionAtRest: {
        awsKms: { enabled: false },
        azureKeyVault: Object.fromEntries(Object.entries(a.encryptionAtRest.azureKeyVault ?? {}).reverse()),
      },
      project: a.project,
      projectId: a.projectId,
    };
    expect(fingerprintLive(b)).toBe(fingerprintLive(a));
    expect(fingerprintLive(a)).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
  });

  it('changes when a fact the plan depends on changes', () => {
    const base = fingerprintLive(state());
    const moved = state();
    moved.endpoints[1] = { ...(moved.endpoints[1] as LiveProjectState['endpoints'][number]), status: 'ACTIVE' };
    expect(fingerprintLive(moved)).not.toBe(base);
    const rotated = state();
    rotated.encryptionAtRest.azureKeyVault = {
      ...rotated.encryptionAtRest.azureKeyVault,
      keyIdentifier: 'https://kv.vault.azure.net/keys/k/2',
    };
    expect(fingerprintLive(rotated)).not.toBe(base);
  });

  it('ignores volatile fields the plan does not use (valid, connection names, cluster state)', () => {
    const busy = state();
    busy.encryptionAtRest.azureKeyVault = { ...busy.encryptionAtRest.azureKeyVault, valid: false };
    busy.clusters = busy.clusters.map((c) => ({ ...c, stateName: 'UPDATING' }));
    busy.endpoints = busy.endpoints.map((e) => ({ ...e, privateEndpointConnectionName: 'other' }));
    expect(fingerprintLive(busy)).toBe(fingerprintLive(state()));
  });

  it('uses an injected hash over the canonical facts', () => {
    expect(fingerprintLive(state(), (s) => `len:${s.length}`)).toBe(`len:${liveFacts(state()).length}`);
  });
});
