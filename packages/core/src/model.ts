/**
 * The desired-state model of PRODUCT.md section 2, as it is after loading: typed, with defaults applied,
 * and with every secret turned into a reference (a literal secret value is dropped at load time and only
 * its presence is kept, so no later stage can print it).
 */

export type AzureEnvironment = 'AZURE' | 'AZURE_CHINA' | 'AZURE_US_GOVERNMENT';

/** Where a secret comes from. `literal` means the file held the secret itself: a policy error. */
export type SecretSource =
  { kind: 'env'; name: string; raw: string } | { kind: 'file'; path: string; raw: string } | { kind: 'literal' };

/** The `spec.azureKeyVault` block. Field names are exactly Atlas's. */
export interface DesiredAzureKeyVault {
  enabled: boolean;
  azureEnvironment: AzureEnvironment;
  clientID?: string;
  tenantID?: string;
  secret?: SecretSource;
  roleId?: string;
  subscriptionID?: string;
  resourceGroupName?: string;
  keyVaultName?: string;
  keyIdentifier?: string;
  requirePrivateNetworking: boolean;
}

export type ApprovalMode = 'manual' | 'azure';

export interface DesiredPrivateEndpoints {
  /** Atlas Azure region names (US_CENTRAL), in file order, without duplicates. */
  regions: string[];
  approval: ApprovalMode;
}

export interface DesiredCluster {
  name: string;
  encryptionAtRest: boolean;
  /** Atlas's `paused`: true, the cluster should stay paused; absent (or false), it should run. */
  paused?: boolean;
}

export interface Waiver {
  rule: string;
  reason: string;
  /** ISO date `YYYY-MM-DD`; the waiver holds through the end of that day (UTC). */
  expires: string;
}

export interface ProjectEncryptionSpec {
  projectId: string;
  azureKeyVault: DesiredAzureKeyVault;
  enabledForSearchNodes?: boolean;
  privateEndpoints: DesiredPrivateEndpoints;
  clusters: DesiredCluster[];
  waivers: Waiver[];
}

/** One `kind: ProjectEncryption` document. */
export interface ProjectEncryption {
  apiVersion: 'atlas-cmk/v1';
  kind: 'ProjectEncryption';
  metadata: { name: string; labels?: Record<string, string> };
  spec: ProjectEncryptionSpec;
}
