/**
 * Published api-versions of the Azure operations the simulator serves, from the official specifications
 * (`Azure/azure-rest-api-specs`); the folders and the commits they were read at are listed in
 * `contracts/azure-keyvault.subset.md` §0. A version missing here is answered the way Azure answers an unknown one.
 */

/** `Microsoft.KeyVault/vaults/privateEndpointConnections` (resource-manager keyvault.json, stable and preview). */
export const armPecApiVersions: readonly string[] = [
  '2018-02-14',
  '2019-09-01',
  '2020-04-01-preview',
  '2021-04-01-preview',
  '2021-06-01-preview',
  '2021-10-01',
  '2021-11-01-preview',
  '2022-02-01-preview',
  '2022-07-01',
  '2022-11-01',
  '2023-02-01',
  '2023-07-01',
  '2024-04-01-preview',
  '2024-11-01',
  '2024-12-01-preview',
  '2025-05-01',
];

/** `GET /subscriptions`, `GET /subscriptions/{id}`, `GET /tenants` (resource-manager Microsoft.Resources subscriptions.json). */
export const armSubscriptionApiVersions: readonly string[] = [
  '2015-11-01',
  '2016-06-01',
  '2018-06-01',
  '2019-06-01',
  '2019-11-01',
  '2020-01-01',
  '2021-01-01',
  '2022-12-01',
];

/** Key Vault data plane (`keys.json`), stable and preview. */
export const keyVaultApiVersions: readonly string[] = [
  '2016-10-01',
  '7.0',
  '7.1',
  '7.2',
  '7.2-preview',
  '7.3',
  '7.3-preview',
  '7.4',
  '7.4-preview.1',
  '7.5',
  '7.5-preview.1',
  '7.6',
  '7.6-preview.1',
  '7.6-preview.2',
  '2025-06-01-preview',
  '2025-07-01',
  '2026-01-01-preview',
];
