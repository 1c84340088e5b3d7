import type { SecondEndpointModel } from './second-endpoint.js';

/** Roles a programmatic API key or service account can hold. ORG_* roles apply to every project of the org. */
export type SimRole = 'ORG_OWNER' | 'ORG_READ_ONLY' | 'PROJECT_OWNER' | 'PROJECT_CLUSTER_MANAGER' | 'PROJECT_READ_ONLY';

/** Simulated durations, in simulated seconds. */
export interface SimTiming {
  initiatingSeconds: number;
  approvalReflectionSeconds: number;
  deletingSeconds: number;
  clusterUpdateSeconds: number;
  recreationSeconds: number;
  nonceTtlSeconds: number;
  atlasTokenTtlSeconds: number;
  azureTokenTtlSeconds: number;
}

/** One token bucket: `capacity` requests, refilled by `refill` every `periodSeconds`. */
export interface SimBucket {
  capacity: number;
  refill: number;
  periodSeconds: number;
}

/** Rate-limit buckets per Atlas endpoint set (GROUP scope) and for the OAuth token endpoint (per client). */
export interface SimRateLimits {
  encryptionAtRest: SimBucket;
  clusters: SimBucket;
  projects: SimBucket;
  oauthToken: SimBucket;
}

/** One region of a cluster; `provider` defaults to the cluster's `provider`. */
export interface SimFixtureRegion {
  region: string;
  provider?: 'AZURE' | 'AWS' | 'GCP';
  nodeCount?: number;
}

/** A cluster: tier, provider(s) and regions; shared tiers become TENANT region configs. */
export interface SimFixtureCluster {
  name: string;
  /** M10…, or M0/M2/M5/FLEX for shared tiers (which cannot use CMK). */
  tier: string;
  provider?: 'AZURE' | 'AWS' | 'GCP';
  regions: (string | SimFixtureRegion)[];
  backup?: boolean;
  paused?: boolean;
  encryptionAtRestProvider?: 'NONE' | 'AWS' | 'AZURE' | 'GCP';
}

/** A project's initial `azureKeyVault` configuration (Atlas field names). */
export interface SimFixtureAzureKeyVault {
  enabled: boolean;
  azureEnvironment?: 'AZURE' | 'AZURE_CHINA' | 'AZURE_US_GOVERNMENT';
  clientID?: string;
  tenantID?: string;
  secret?: string;
  roleId?: string;
  subscriptionID?: string;
  resourceGroupName?: string;
  keyVaultName?: string;
  keyIdentifier?: string;
  requirePrivateNetworking?: boolean;
}

/** An Atlas project (group) with its clusters and optional initial CMK configuration. */
export interface SimFixtureProject {
  id: string;
  name: string;
  created?: string;
  clusters?: SimFixtureCluster[];
  encryptionAtRest?: { azureKeyVault?: SimFixtureAzureKeyVault; enabledForSearchNodes?: boolean };
  /** `false` makes the project INACTIVE: every write answers INACTIVE_ORG, reads are served (default true). */
  active?: boolean;
}

/** An organization; `active: false` makes every write in its projects answer INACTIVE_ORG. */
export interface SimFixtureOrg {
  id: string;
  name: string;
  active?: boolean;
  projects?: SimFixtureProject[];
}

/** An Atlas credential's reach: listed project ids and/or every project of the listed orgs. */
export interface SimFixtureAccess {
  role: SimRole;
  projects?: string[];
  orgs?: string[];
  /** Exact client IPs allowed; absent = any. A request from elsewhere gets 403 IP_ADDRESS_NOT_ON_ACCESS_LIST. */
  ipAccessList?: string[];
}

/** A programmatic API key (HTTP Digest: public key = user, private key = password). */
export interface SimFixtureApiKey extends SimFixtureAccess {
  publicKey: string;
  privateKey: string;
}

/** A service account (OAuth 2.0 client credentials at `POST /api/oauth/token`). */
export interface SimFixtureServiceAccount extends SimFixtureAccess {
  clientId: string;
  clientSecret: string;
}

/** An Entra ID app registration that can get ARM and Key Vault tokens. */
export interface SimFixtureAzureApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** May approve/reject/delete private endpoint connections (else ARM 403 AuthorizationFailed). */
  canApprove?: boolean;
  /** A managed identity too: the endpoint `/azure/msi/token` (`IDENTITY_ENDPOINT`) signs in as this app. */
  managedIdentity?: boolean;
  /** Workload identity federation: tokens of these issuers and subjects sign in as this app. */
  federatedCredentials?: SimFixtureFederatedCredential[];
  /** What it may do on vaults (Microsoft.Authorization); default: what `canApprove` implies. */
  permissions?: { actions: string[]; notActions?: string[] };
  /** Its client secrets as Microsoft Graph lists them; default: one that expires two years after it is read. */
  passwordCredentials?: { endDateTime: string; displayName?: string }[];
}

/** A federated identity credential of an app (audience `api://AzureADTokenExchange`). */
export interface SimFixtureFederatedCredential {
  /** The `iss` of accepted tokens, e.g. an AKS OIDC issuer URL. */
  issuer: string;
  /** The `sub` of accepted tokens, e.g. `system:serviceaccount:ns:name`. */
  subject: string;
}

/** One version of a Key Vault key. */
export interface SimFixtureKeyVersion {
  version: string;
  enabled?: boolean;
  /** ISO date-time; the key is unusable from then on. */
  expires?: string;
  notBefore?: string;
  /** The operations the key permits (`key_ops`); default every RSA operation. */
  keyOps?: string[];
}

/** A Key Vault with its keys; private endpoint connections appear as Atlas creates endpoints. */
export interface SimFixtureVault {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  tenantId: string;
  location?: string;
  keys?: { name: string; versions: SimFixtureKeyVersion[] }[];
}

/** The initial world of the simulator, as written in a fixture file (YAML or JSON). */
export interface SimFixture {
  /** Simulated start time (ISO); defaults to the real time at start. */
  start?: string;
  timing?: Partial<SimTiming>;
  rateLimits?: Partial<SimRateLimits>;
  /** A create in a region that already has an endpoint in use: `accept` (default) or `refuse` (409). */
  secondEndpoint?: SecondEndpointModel;
  organizations: SimFixtureOrg[];
  apiKeys?: SimFixtureApiKey[];
  serviceAccounts?: SimFixtureServiceAccount[];
  azure?: {
    apps?: SimFixtureAzureApp[];
    vaults?: SimFixtureVault[];
    /** Resource provider registrations that are not `Registered` (every other one is). */
    providers?: { subscriptionId: string; namespace: string; registrationState: string }[];
  };
}
