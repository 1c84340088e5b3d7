import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { azureIdentityPresence } from './identity-configured.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'atlas-cmk-identity-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('azureIdentityPresence', () => {
  it('finds none in an environment without Azure settings and a home without an az login', () => {
    expect(azureIdentityPresence({ HOME: home })).toEqual({ kind: 'none' });
  });

  it('does not take AZURE_CLIENT_SECRET alone (the secret desired state refers to) for an identity', () => {
    expect(azureIdentityPresence({ HOME: home, AZURE_CLIENT_SECRET: 'x', AZURE_TENANT_ID: ' ' })).toEqual({
      kind: 'none',
    });
  });

  it('names the setting that configures one, in the order of the sign-in chain', () => {
    expect(azureIdentityPresence({ HOME: home, AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't' })).toEqual({
      kind: 'configured',
      via: 'AZURE_TENANT_ID',
    });
    expect(azureIdentityPresence({ HOME: home, AZURE_FEDERATED_TOKEN_FILE: '/t' })).toMatchObject({
      via: 'AZURE_FEDERATED_TOKEN_FILE',
    });
    expect(azureIdentityPresence({ HOME: home, IDENTITY_ENDPOINT: 'http://169.254.1.1' })).toMatchObject({
      via: 'IDENTITY_ENDPOINT (managed identity)',
    });
    expect(azureIdentityPresence({ HOME: home, MSI_ENDPOINT: 'http://localhost:50342' })).toMatchObject({
      kind: 'configured',
    });
  });

  it('counts an az login only when its profile lists a subscription, with or without a byte order mark', () => {
    const dir = join(home, '.azure');
    mkdirSync(dir);
    const profile = join(dir, 'azureProfile.json');
    writeFileSync(profile, '\uFEFF{"installationId": "i"}');
    expect(azureIdentityPresence({ HOME: home })).toEqual({ kind: 'none' });
    writeFileSync(profile, '\uFEFF{"subscriptions": []}');
    expect(azureIdentityPresence({ HOME: home })).toEqual({ kind: 'none' });
    writeFileSync(profile, 'not json');
    expect(azureIdentityPresence({ HOME: home })).toEqual({ kind: 'none' });
    writeFileSync(profile, '\uFEFF{"subscriptions": [{"id": "s", "isDefault": true}]}');
    expect(azureIdentityPresence({ HOME: home })).toEqual({
      kind: 'configured',
      via: `the Azure CLI login in ${profile}`,
    });
  });

  it('reads the az profile from AZURE_CONFIG_DIR when it is set', () => {
    const dir = join(home, 'az-config');
    mkdirSync(dir);
    writeFileSync(join(dir, 'azureProfile.json'), '{"subscriptions": [{"id": "s"}]}');
    expect(azureIdentityPresence({ HOME: home })).toEqual({ kind: 'none' });
    expect(azureIdentityPresence({ HOME: home, AZURE_CONFIG_DIR: dir })).toMatchObject({ kind: 'configured' });
  });
});
