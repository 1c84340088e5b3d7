import { fileURLToPath } from 'node:url';

/** The tests' world: a frozen copy of examples/sim-fixture.yaml. */
export const worldFixturePath = fileURLToPath(new URL('../fixtures/world.yaml', import.meta.url));

export const ids = {
  org: '66c9e8f1dd6c9960802420a1',
  project: '66c9e8f1dd6c9960802420e9',
  sandbox: '66c9e8f1dd6c9960802420f3',
  inactive: '66c9e8f1dd6c9960802420c4',
  unknownProject: '0123456789abcdef01234567',
  tenant: '1f6ef922-9303-402a-bae2-cc68810b023c',
  clientId: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
  clientSecret: 'sim-azure-client-secret-value',
  subscription: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  keyId: 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
  keyId2: 'https://kv-payments.vault.azure.net/keys/atlas/0c5d7e3a9b1f4d2e8a6c4b2f1e3d5c7a',
};

export const owner = { user: 'simpubkey', password: '6f1c1e2a-0b7d-4c55-9d2e-sim-private-key' };
export const readOnly = { user: 'simreadonly', password: '0e8a2d51-3f4b-4aa1-8c3b-sim-readonly-key' };
export const serviceAccount = {
  id: 'mdb_sa_id_66c9e8f1dd6c9960802420d5',
  secret: 'mdb_sa_sk_sim_0123456789abcdef0123456789abcdef',
};

/** The azureKeyVault block of the documentation's "enable CMK" PATCH, with this world's values. */
export function enableBody(overrides: Record<string, unknown> = {}): { azureKeyVault: Record<string, unknown> } {
  return {
    azureKeyVault: {
      azureEnvironment: 'AZURE',
      clientID: ids.clientId,
      enabled: true,
      keyIdentifier: ids.keyId,
      keyVaultName: 'kv-payments',
      resourceGroupName: 'rg-payments',
      secret: ids.clientSecret,
      subscriptionID: ids.subscription,
      tenantID: ids.tenant,
      ...overrides,
    },
  };
}

/** Gets an Azure token for the ARM or Key Vault audience. */
export async function azureToken(
  base: string,
  scope: 'arm' | 'keyvault',
  clientSecret = ids.clientSecret,
): Promise<string> {
  const form = new URLSearchParams({
    client_id: ids.clientId,
    client_secret: clientSecret,
    grant_type: 'client_credentials',
    scope: scope === 'arm' ? 'https://management.azure.com/.default' : 'https://vault.azure.net/.default',
  });
  const res = await fetch(`${base}/azure/login/${ids.tenant}/oauth2/v2.0/token`, { method: 'POST', body: form });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** ARM path of the vault's private endpoint connections. */
export const pecPath = `/azure/arm/subscriptions/${ids.subscription}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments/privateEndpointConnections`;
