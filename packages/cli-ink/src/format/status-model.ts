import type { EndpointStatus } from '@atlas-cmk/core';
import type { LiveReadFailureReason } from '@atlas-cmk/runner';

/**
 * What `atlas-cmk status` shows, as data: the text and JSON formatters both render this, so they cannot
 * disagree. Optional live values are `null` (never missing) so the JSON document keeps one shape. Nothing in it
 * can hold a secret: Atlas never returns the client secret, and only names, ids and states are copied.
 */
export interface StatusReport {
  /** Bumped only on a breaking change of the JSON document. */
  formatVersion: 1;
  projects: ProjectStatus[];
  /** Projects whose live state could not be read (bad credentials, unknown project, Atlas unavailable). */
  failures: StatusFailure[];
}

/** A project that could not be read, with a message that says what to check. */
export interface StatusFailure {
  projectId: string;
  reason: LiveReadFailureReason;
  message: string;
}

/** One project's live configuration, endpoints, clusters and the problems worth calling out. */
export interface ProjectStatus {
  projectId: string;
  /** The project's name in Atlas. */
  projectName: string;
  /** The desired-state document that names the project (status PATH…), else null (status --project ID). */
  document: { name: string; file: string } | null;
  organizationInactive: boolean;
  encryption: EncryptionStatus;
  endpoints: EndpointView[];
  clusters: ClusterView[];
  /** Problems a person must act on, loudest first. */
  callouts: Callout[];
}

/** How Atlas signs in to Azure: an app with a client secret, or a role (Cloud Provider Access). */
export type Authentication =
  | { kind: 'clientSecret'; clientID: string; tenantID: string | null }
  | { kind: 'role'; roleId: string }
  | { kind: 'none' };

/** The project's `azureKeyVault` settings, with the key identifier taken apart. */
export interface EncryptionStatus {
  enabled: boolean;
  azureEnvironment: string | null;
  subscriptionID: string | null;
  resourceGroupName: string | null;
  keyVaultName: string | null;
  keyIdentifier: string | null;
  /** Parsed from `keyIdentifier`; null when it is missing or not a versioned key URL. */
  keyName: string | null;
  keyVersion: string | null;
  authentication: Authentication;
  /** Atlas's verdict on whether it can encrypt and decrypt with the key now; null when Atlas did not say. */
  valid: boolean | null;
  requirePrivateNetworking: boolean;
  enabledForSearchNodes: boolean | null;
}

/** What a person (or atlas-cmk apply) does next for an endpoint in its status. */
export interface NextAction {
  /** One sentence. */
  text: string;
  /** A command to copy, when there is one (the `az` approval). */
  command: string | null;
}

/** One Azure private endpoint for the key vault. */
export interface EndpointView {
  id: string;
  regionName: string;
  status: EndpointStatus;
  privateEndpointConnectionName: string | null;
  errorMessage: string | null;
  /** For a second endpoint in use in its region: the id of the one the region keeps (which apply leaves). */
  duplicateOf: string | null;
  next: NextAction;
}

/** One cluster and its customer-managed key state. */
export interface ClusterView {
  name: string;
  /** Distinct instance sizes of its region configurations (e.g. `M30`), in Atlas order. */
  tiers: string[];
  /** Distinct cloud providers (a TENANT region counts by its backing provider). */
  providers: string[];
  /** Distinct region names. */
  regions: string[];
  encryptionAtRestProvider: string;
  stateName: string | null;
  paused: boolean;
}

/** Stable codes of the call-outs; consumers of the JSON document match on these, never on messages. */
export type CalloutCode =
  'key-invalid' | 'cluster-paused' | 'organization-inactive' | 'endpoint-failed' | 'endpoint-duplicate';

/** A problem a person must act on, already phrased with what to check or do. */
export interface Callout {
  code: CalloutCode;
  /** The cluster or endpoint it is about, when it is about one. */
  subject: string | null;
  message: string;
}
