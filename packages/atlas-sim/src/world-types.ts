import type { SimRateLimits, SimRole, SimTiming } from './fixture-types.js';
import type { SecondEndpointModel } from './second-endpoint.js';

/** Atlas endpoint statuses, exactly as the contract's EARPrivateEndpoint.status enum. */
export type EndpointStatus =
  'INITIATING' | 'PENDING_ACCEPTANCE' | 'ACTIVE' | 'FAILED' | 'PENDING_RECREATION' | 'DELETING';

/** Azure private-link connection statuses (PrivateEndpointServiceConnectionStatus). */
export type ConnectionStatus = 'Pending' | 'Approved' | 'Rejected' | 'Disconnected';

/** An Atlas encryption-at-rest private endpoint. */
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

/** One region config of a cluster's replication spec. */
export interface RegionConfigState {
  providerName: 'AZURE' | 'AWS' | 'GCP' | 'TENANT';
  backingProviderName?: 'AZURE' | 'AWS' | 'GCP';
  regionName: string;
  priority: number;
  instanceSize: string;
  nodeCount: number;
}

/** A cluster as the simulator keeps it; rendered per API version by cluster-view.ts. */
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

/** The project's `azureKeyVault` settings (the secret only as a hash). */
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
  /**
   * Simulated time at which Atlas found the key unusable (disabled, expired, gone, access lost). Atlas then
   * reports `valid: false` until a PATCH of the encryption-at-rest settings validates the key again, even once
   * the key is usable. Internal: never rendered.
   */
  keyUnusableSinceMs?: number;
}

/** An Atlas project with its CMK settings, endpoints and clusters. */
export interface ProjectState {
  id: string;
  orgId: string;
  name: string;
  created: string;
  azureKeyVault: AzureEarState;
  enabledForSearchNodes: boolean;
  endpoints: EndpointState[];
  clusters: ClusterState[];
  /** `false`: the project is INACTIVE, and Atlas refuses its writes with INACTIVE_ORG (absent: active). */
  active?: boolean;
}

/** An Atlas organization. */
export interface OrgState {
  id: string;
  name: string;
  active: boolean;
}

/** What an Atlas credential may reach. */
export interface CredentialAccess {
  role: SimRole;
  projects: string[];
  orgs: string[];
  ipAccessList?: string[];
}

/** A programmatic API key. */
export interface ApiKeyState extends CredentialAccess {
  publicKey: string;
  /** Digest HA1 = MD5(publicKey:realm:privateKey); the private key itself is not kept. */
  ha1: string;
}

/** A service account. */
export interface ServiceAccountState extends CredentialAccess {
  clientId: string;
  /** SHA-256 of the client secret. */
  clientSecretHash: string;
}

/** An Entra ID application. */
export interface AzureAppState {
  tenantId: string;
  clientId: string;
  /** SHA-256 of the client secret. */
  clientSecretHash: string;
  canApprove: boolean;
  /** Signs in through the managed identity endpoint (`/azure/msi/token`) too. */
  managedIdentity?: boolean;
  /** Workload identity federation (issuer and subject of accepted tokens). */
  federatedCredentials?: { issuer: string; subject: string }[];
  /**
   * Its client secrets as Microsoft Graph lists them (`passwordCredentials`): when each expires. Absent: one
   * secret that expires two years after the moment it is read.
   */
  passwordCredentials?: { keyId: string; displayName?: string; startMs?: number; endMs: number }[];
  /** What it may do on vaults (Microsoft.Authorization permissions); derived from `canApprove` when absent. */
  permissions?: { actions: string[]; notActions: string[] };
  /**
   * Whether it holds the Microsoft Graph application permission Application.Read.All (reads app registrations);
   * absent: it does.
   */
  graphApplicationRead?: boolean;
}

/** A Key Vault key version with its usability attributes. */
export interface KeyVersionState {
  version: string;
  enabled: boolean;
  createdMs: number;
  /** When "Update Key" last changed it (absent: never; `updated` is then `created`). */
  updatedMs?: number;
  expiresMs?: number;
  notBeforeMs?: number;
  /** The operations the key permits (`key_ops`); every RSA operation when absent. */
  keyOps?: string[];
}

/** A Key Vault private endpoint connection, linked to the Atlas endpoint that asked for it. */
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

/** A Key Vault: keys and private endpoint connections. */
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
  kind: 'atlas' | 'arm' | 'keyvault' | 'graph';
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
  /** What a create does in a region that already has an endpoint in use (absent: `accept`). */
  secondEndpoint?: SecondEndpointModel;
  apiKeys: ApiKeyState[];
  serviceAccounts: ServiceAccountState[];
  azureApps: AzureAppState[];
  vaults: VaultState[];
  tokens: TokenState[];
  /** Resource provider registrations that are not `Registered` (every other one is). */
  azureProviders?: { subscriptionId: string; namespace: string; registrationState: string }[];
}
