/**
 * Live Atlas facts for one project, in Atlas's own response shapes (trimmed to what atlas-cmk reads).
 * The runner reads them (exactly four requests per project); the planner and the live policy rules consume
 * them. Unknown fields that Atlas returns are tolerated and ignored.
 */

export type EndpointStatus =
  'INITIATING' | 'PENDING_ACCEPTANCE' | 'ACTIVE' | 'PENDING_RECREATION' | 'FAILED' | 'DELETING';

/** `EARPrivateEndpoint` of the contract (Azure). */
export interface LiveEndpoint {
  id: string;
  cloudProvider: 'AZURE' | 'AWS';
  regionName: string;
  status: EndpointStatus;
  errorMessage?: string | null;
  privateEndpointConnectionName?: string | null;
}

/** `AzureKeyVault` as `GET /encryptionAtRest` returns it: never a `secret`; `valid` is read-only. */
export interface LiveAzureKeyVault {
  enabled?: boolean;
  azureEnvironment?: string;
  clientID?: string;
  tenantID?: string;
  roleId?: string;
  subscriptionID?: string;
  resourceGroupName?: string;
  keyVaultName?: string;
  keyIdentifier?: string;
  requirePrivateNetworking?: boolean;
  valid?: boolean;
}

export interface LiveEncryptionAtRest {
  azureKeyVault?: LiveAzureKeyVault;
  enabledForSearchNodes?: boolean;
  awsKms?: { enabled?: boolean };
  googleCloudKms?: { enabled?: boolean };
}

export interface LiveHardwareSpec {
  instanceSize?: string;
  /** A shared-tier (TENANT) cluster's true size: `FLEX` for a Flex cluster, which reports no `instanceSize`. */
  effectiveInstanceSize?: string;
  nodeCount?: number;
}

/** One entry of `replicationSpecs[].regionConfigs[]` (`CloudRegionConfig20240805`). */
export interface LiveRegionConfig {
  providerName: 'AWS' | 'AZURE' | 'GCP' | 'TENANT' | string;
  backingProviderName?: string;
  regionName: string;
  priority?: number;
  electableSpecs?: LiveHardwareSpec;
  readOnlySpecs?: LiveHardwareSpec;
  analyticsSpecs?: LiveHardwareSpec;
}

/** `ClusterDescription20240805`, trimmed. */
export interface LiveCluster {
  id?: string;
  name: string;
  clusterType?: 'REPLICASET' | 'SHARDED' | 'GEOSHARDED' | string;
  stateName?: 'IDLE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'REPAIRING' | string;
  paused?: boolean;
  backupEnabled?: boolean;
  encryptionAtRestProvider?: 'NONE' | 'AWS' | 'AZURE' | 'GCP';
  replicationSpecs?: { id?: string; zoneName?: string; regionConfigs?: LiveRegionConfig[] }[];
}

/** `Group`, trimmed. Atlas has no project-state field: an inactive organization shows only as `INACTIVE_ORG`. */
export interface LiveProjectInfo {
  id: string;
  name: string;
  orgId: string;
  clusterCount?: number;
}

/** Everything atlas-cmk knows of one live project. */
export interface LiveProjectState {
  projectId: string;
  project: LiveProjectInfo;
  encryptionAtRest: LiveEncryptionAtRest;
  endpoints: LiveEndpoint[];
  clusters: LiveCluster[];
  /** True when Atlas refused a request for this project with `INACTIVE_ORG`. */
  organizationInactive?: boolean;
}
