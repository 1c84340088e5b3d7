/** A Key Vault's Private Link resource: where its private endpoint connections live in ARM. */
export interface KeyVaultRef {
  subscriptionId: string;
  resourceGroupName: string;
  vaultName: string;
}

/** The approval states ARM knows (`PrivateEndpointServiceConnectionStatus`). */
export type ConnectionStatus = 'Pending' | 'Approved' | 'Rejected' | 'Disconnected';

/** `PrivateEndpointConnection` of ARM Key Vault 2023-07-01, as returned. Unknown fields are tolerated. */
export interface PrivateEndpointConnection {
  id?: string;
  name?: string;
  type?: string;
  etag?: string;
  properties?: {
    privateEndpoint?: { id?: string };
    privateLinkServiceConnectionState?: {
      status?: ConnectionStatus | string;
      description?: string;
      actionsRequired?: string;
    };
    provisioningState?: string;
  };
}

/** Outcome of a delete: gone now (200/204) or accepted and still running (202, poll `location`). */
export type DeleteConnectionResult =
  { kind: 'deleted' } | { kind: 'accepted'; location: string | undefined; retryAfterSeconds: number | undefined };
