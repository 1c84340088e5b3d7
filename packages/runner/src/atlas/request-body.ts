import type { LiveAzureKeyVault } from '@atlas-cmk/core';

/**
 * Body of `PATCH /groups/{groupId}/encryptionAtRest`. `secret` is write-only: it is sent, scrubbed from
 * every error and event, and never returned by Atlas.
 */
export interface EncryptionAtRestUpdate {
  azureKeyVault?: Omit<LiveAzureKeyVault, 'valid'> & { secret?: string };
  enabledForSearchNodes?: boolean;
  awsKms?: { enabled: false };
  googleCloudKms?: { enabled: false };
}

/** Body of `POST .../encryptionAtRest/{cloudProvider}/privateEndpoints`. */
export interface CreateEarPrivateEndpoint {
  regionName: string;
}

/** Body of `PATCH /groups/{groupId}/clusters/{clusterName}` (version 2024-10-23), trimmed to what atlas-cmk changes. */
export interface ClusterUpdate {
  encryptionAtRestProvider?: 'NONE' | 'AWS' | 'AZURE' | 'GCP';
  /** Atlas requires a pause or resume to be a request of its own (no other field). */
  paused?: boolean;
}

/** Per-call options of every client operation. */
export interface CallOptions {
  /** Cancels the request and every wait between its attempts. */
  signal?: AbortSignal;
}
