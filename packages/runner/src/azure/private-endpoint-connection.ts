/** A Key Vault's Private Link resource: where its private endpoint connections live in ARM. */
export interface KeyVaultRef {
  subscriptionId: string;
  resourceGroupName: string;
  vaultName: string;
}

/** The approval states ARM knows (`PrivateEndpointServiceConnectionStatus`). */
export type ConnectionStatus = 'Pending' | 'Approved' | 'Rejected' | 'Disconnected';

/**
 * A private endpoint connection as `@azure/arm-keyvault` returns it: ARM's `properties` are flattened, so the
 * approval state is `privateLinkServiceConnectionState`. A type only: importing it loads nothing.
 */
export type { PrivateEndpointConnection } from '@azure/arm-keyvault';
