import type { LiveAzureKeyVault, EndpointStatus } from '../live.js';
import type { ProjectEncryptionSpec, SecretSource } from '../model.js';
import type { ParsedKeyIdentifier } from './key-identifier.js';
import type { PlanFacts } from './plan-facts.js';

/**
 * The document every rule condition is evaluated over. It never holds a secret value: `secret` is reduced
 * to its kind (and the variable or file name of a reference), so no message template can print one.
 * `live` and `cross` exist only when live facts were given for the project; `plan` only when the project's
 * computed plan was given (plan-scope rules, during `plan` and `apply`).
 */
export interface PolicyFacts {
  projectId: string;
  metadata: { name: string; labels?: Record<string, string> };
  desired: DesiredFacts;
  derived: DerivedFacts;
  live?: LiveFacts;
  cross?: CrossFacts;
  plan?: PlanFacts;
}

/** A secret as rules see it: where it comes from, never what it is. */
export type SecretFact = { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'literal' };

/** The project spec without waivers, with `secret` reduced to a {@link SecretFact}. */
export type DesiredFacts = Omit<ProjectEncryptionSpec, 'waivers' | 'azureKeyVault'> & {
  azureKeyVault: Omit<ProjectEncryptionSpec['azureKeyVault'], 'secret'> & { secret?: SecretFact };
};

/** A desired cluster entry with its index in `spec.clusters`. */
export interface IndexedCluster {
  name: string;
  index: number;
}

/** Values computed from the desired state alone. */
export interface DerivedFacts {
  /** The parsed `keyIdentifier`, or null when the file has none. */
  keyIdentifier: ParsedKeyIdentifier | null;
  /** The Key Vault DNS suffix of the configured `azureEnvironment`. */
  expectedDnsSuffix: string;
  /** `keyVaultName` in lower case (DNS names are case-insensitive), or null. */
  keyVaultName: string | null;
  /** Where the secret comes from, or null when there is none (e.g. `roleId` authentication). */
  secretKind: SecretSource['kind'] | null;
  /** True for `${env:…}`/`${file:…}`, false for a literal, null when there is no secret. */
  secretIsReference: boolean | null;
  usesRoleId: boolean;
  desiredRegions: string[];
  hasRegions: boolean;
  clusterNames: string[];
  optedInClusters: IndexedCluster[];
  /** The `environment` label (or `env`) in lower case, or null when the document has neither. */
  environment: string | null;
  /** True when {@link DerivedFacts.environment} is `production` or `prod`. */
  production: boolean;
}

/** A cluster's kind of deployment as Atlas names it; only `dedicated` clusters can use customer-managed keys. */
export type ClusterDeployment = 'dedicated' | 'shared' | 'flex' | 'serverless';

/** One live cluster, with what rules need already worked out of its replication specs. */
export interface LiveClusterFacts {
  name: string;
  /** Dedicated, shared (M0/M2/M5), Flex or serverless. */
  deployment: ClusterDeployment;
  /** Distinct cloud providers of its nodes (TENANT counts as its backing provider). */
  providers: string[];
  /** Distinct Atlas region names it has nodes in. */
  regions: string[];
  /** Distinct Atlas region names it has Azure nodes in (a shared or Flex cluster counts by its backing provider). */
  azureRegions: string[];
  /** Distinct instance sizes of its nodes. */
  instanceSizes: string[];
  /** Smallest numeric tier (M10 → 10, R40 → 40), null when none is numeric. */
  minTier: number | null;
  /** True for shared-tier, Flex or serverless deployments (TENANT/FLEX/SERVERLESS, M0/M2/M5). */
  tenant: boolean;
  /** True when every node is M10 or larger on a dedicated tier. */
  minTierOk: boolean;
  multiCloud: boolean;
  backupEnabled: boolean;
  encryptionAtRestProvider: string;
  stateName: string | null;
}

/** Live Atlas facts of the project. */
export interface LiveFacts {
  project: { id: string; name: string; orgId: string };
  organizationInactive: boolean;
  azureKeyVault: LiveAzureKeyVault;
  endpoints: { id: string; regionName: string; status: EndpointStatus }[];
  endpointRegions: string[];
  clusters: LiveClusterFacts[];
  clusterNames: string[];
  multiCloudClusters: string[];
  backupClusters: string[];
}

/** A desired cluster looked up in the live project. */
export interface CrossCluster extends IndexedCluster {
  exists: boolean;
  optedIn: boolean;
  live: LiveClusterFacts | null;
  /** Azure regions the live cluster has nodes in that no desired endpoint region covers. */
  regionsWithoutEndpoint: string[];
}

/** One of the vault settings that cannot change once private endpoints exist. */
export interface VaultSettingFact {
  field: 'keyVaultName' | 'resourceGroupName' | 'subscriptionID';
  desired: string | null;
  live: string | null;
  /** True when both are set and differ. */
  changed: boolean;
}

/** Facts that compare desired and live state. */
export interface CrossFacts {
  clusters: CrossCluster[];
  optedInClusters: CrossCluster[];
  /** True when the live project has at least one private endpoint, in any status. */
  endpointsExist: boolean;
  vaultSettings: VaultSettingFact[];
  changedVaultSettings: string[];
  keyRotation: { rotating: boolean; from: string | null; to: string | null; backupClusters: string[] };
}
