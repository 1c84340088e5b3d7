import type { SimRateLimits, SimRole, SimTiming } from './fixture-types.js';

/** Atlas endpoint statuses, exactly as the contract's EARPrivateEndpoint.status enum. */
export type EndpointStatus =
  'INITIATING' | 'PENDING_ACCEPTANCE' | 'ACTIVE' | 'FAILED' | 'PENDING_RECREATION' | 'DELETING';

/** Azure private-link connection statuses (PrivateEndpointServiceConnectionStatus). */
export type ConnectionStatus = 'Pending' | 'Approved' | 'Rejected' | 'Disconnected';

export interface EndpointState {
  id: string;
  cloudProvider: 'AZURE' | 'AWS';
  regionName: string;
  status: EndpointStatus;
  statusSinceMs: number;
  createdMs: number;
  errorMessage?: string;
  connectionName?: string;
  /** Decided at creation by fault injection: the endpoint ends INITIATING as FAILED. */
  failOnInit: boolean;
}

export interface RegionConfigState {
  providerName: 'AZURE' | 'AWS' | 'GCP' | 'TENANT';
  backingProviderName?: 'AZURE' | 'AWS' | 'GCP';
  regionName: string;
  priority: number;
  instanceSize: string;
  nodeCount: number;
}

export interface ClusterState {
  id: string;
  name: string;
  clusterType: 'REPLICASET';
  backupEnabled: boolean;
  paused: boolean;
  encryptionAtRestProvider: 'NONE' | 'AWS' | 'AZURE' | 'GCP';
  stateName: 'IDLE' | 'UPDATING';
  updateDoneMs?: number;
  /** Why the simulator paused the cluster, if it did (key revoked, multi-cloud with private networking). */
  pausedBySimulator?: 'KEY_UNUSABLE' | 'MULTI_CLOUD_PRIVATE_NETWORKING';
  replicationSpecs: { id: string; zoneId: string; zoneName: string; regionConfigs: RegionConfigState[] }[];
}

export interface AzureEarState {
  enabled: boolean;
  azureEnvironment?: 'AZURE' | 'AZURE_CHINA' | 'AZURE_US_GOVERNMENT';
  clientID?: string;
  tenantID?: string;
  /** SHA-256 of the write-only client secret: the state file never holds the secret itself. */
  secretHash?: string;
  roleId?: string;
  subscriptionID?: string;
  resourceGroupName?: string;
  keyVaultName?: string;
  keyIdentifier?: string;
  requirePrivateNetworking: boolean;
}

export interface ProjectState {
  id: string;
  orgId: string;
  name: string;
  created: string;
  azureKeyVault: AzureEarState;
  enabledForSearchNodes: boolean;
  endpoints: EndpointState[];
  clusters: ClusterState[];
}

export interface OrgState {
  id: string;
  name: string;
  active: boolean;
}

export interface CredentialAccess {
  role: SimRole;
  projects: string[];
  orgs: string[];
  ipAccessList?: string[];
}

export interface ApiKeyState extends CredentialAccess {
  publicKey: string;
  /** Digest HA1 = MD5(publicKey:realm:privateKey); the private key itself is not kept. */
  ha1: string;
}

export interface ServiceAccountState extends CredentialAccess {
  clientId: string;
  /** SHA-256 of the client secret. */
  clientSecretHash: string;
}

export interface AzureAppState {
  tenantId: string;
  clientId: string;
  /** SHA-256 of the client secret. */
  clientSecretHash: string;
  canApprove: boolean;
}

export interface KeyVersionState {
  version: string;
  enabled: boolean;
  createdMs: number;
  expiresMs?: number;
  notBeforeMs?: number;
}

export interface ConnectionState {
  name: string;
  status: ConnectionStatus;
  description: string;
  etag: string;
  changedMs: number;
  projectId: string;
  endpointId: string;
  privateEndpointId: string;
}

export interface VaultState {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  tenantId: string;
  location: string;
  keys: { name: string; versions: KeyVersionState[] }[];
  connections: ConnectionState[];
}

/** An issued bearer token (Atlas service account or Entra ID). Stored hashed, never in clear. */
export interface TokenState {
  tokenHash: string;
  kind: 'atlas' | 'arm' | 'keyvault';
  subject: string;
  tenantId?: string;
  expiresMs: number;
  revoked: boolean;
}

/** The whole simulated world: JSON-serialisable, persisted as is (see persist-state.ts). */
export interface World {
  formatVersion: 1;
  simNowMs: number;
  timing: SimTiming;
  rateLimits: SimRateLimits;
  orgs: OrgState[];
  projects: ProjectState[];
  apiKeys: ApiKeyState[];
  serviceAccounts: ServiceAccountState[];
  azureApps: AzureAppState[];
  vaults: VaultState[];
  tokens: TokenState[];
}
