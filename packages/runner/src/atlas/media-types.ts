/**
 * The exact versioned media type of each Atlas operation, from the contract (`packages/atlas-sim/contracts/atlas-admin-v2.subset.openapi.yaml`).
 * Atlas answers 406 `INVALID_VERSION_DATE` to a missing or unknown version, so every request names one.
 */
export const ATLAS_MEDIA_TYPES = {
  getProject: 'application/vnd.atlas.2023-01-01+json',
  getEncryptionAtRest: 'application/vnd.atlas.2023-01-01+json',
  updateEncryptionAtRest: 'application/vnd.atlas.2023-01-01+json',
  listEarPrivateEndpoints: 'application/vnd.atlas.2023-01-01+json',
  createEarPrivateEndpoint: 'application/vnd.atlas.2023-01-01+json',
  getEarPrivateEndpoint: 'application/vnd.atlas.2023-01-01+json',
  deleteEarPrivateEndpoint: 'application/vnd.atlas.2023-01-01+json',
  listClusters: 'application/vnd.atlas.2024-08-05+json',
  getCluster: 'application/vnd.atlas.2024-08-05+json',
  updateCluster: 'application/vnd.atlas.2024-10-23+json',
} as const;

/** Name of an Atlas operation this client implements. */
export type AtlasOperation = keyof typeof ATLAS_MEDIA_TYPES;
