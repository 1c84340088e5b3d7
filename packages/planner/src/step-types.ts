/** The HTTP request a step sends to Atlas, redacted: secrets are {@link SecretRef} markers. */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The Atlas Admin API path, e.g. `/api/atlas/v2/groups/{id}/encryptionAtRest`. */
  path: string;
  body?: Record<string, unknown>;
}

/** Every step kind. These names are stable: plan files, events and docs use them. */
export type StepKind =
  | 'ear.enable'
  | 'ear.update'
  | 'ear.requirePrivateNetworking'
  | 'endpoint.create'
  | 'endpoint.waitPendingAcceptance'
  | 'endpoint.approve'
  | 'endpoint.waitActive'
  | 'endpoint.delete'
  | 'endpoint.waitDeleted'
  | 'cluster.enableCmk'
  | 'cluster.disableCmk'
  | 'cluster.waitIdle'
  | 'key.enable'
  | 'cluster.resume'
  | 'cluster.pause'
  | 'ear.disablePrivateNetworking'
  | 'ear.disable';

/** Every step kind, in the order the README lists them. */
export const STEP_KINDS: readonly StepKind[] = [
  'ear.enable',
  'ear.update',
  'ear.requirePrivateNetworking',
  'endpoint.create',
  'endpoint.waitPendingAcceptance',
  'endpoint.approve',
  'endpoint.waitActive',
  'endpoint.delete',
  'endpoint.waitDeleted',
  'cluster.enableCmk',
  'cluster.disableCmk',
  'cluster.waitIdle',
  'key.enable',
  'cluster.resume',
  'cluster.pause',
  'ear.disablePrivateNetworking',
  'ear.disable',
];

interface StepCommon {
  /** Unique within its project, stable across runs of the planner on the same input. */
  id: string;
  /** The project id, a region (`US_CENTRAL`) or a cluster name. */
  target: string;
  /** Ids of steps of the same project that must succeed first. */
  dependsOn: string[];
  /** True when the step removes something or lowers protection. */
  destructive: boolean;
  description: string;
}

/** A `PATCH /encryptionAtRest`. */
export interface EarStep extends StepCommon {
  kind: 'ear.enable' | 'ear.update' | 'ear.requirePrivateNetworking' | 'ear.disablePrivateNetworking' | 'ear.disable';
  request: PlannedRequest;
}

/** `POST …/privateEndpoints` for one region, or `DELETE` of one existing endpoint. */
export interface EndpointActionStep extends StepCommon {
  kind: 'endpoint.create' | 'endpoint.delete';
  region: string;
  /** The existing endpoint a delete acts on. */
  endpointId?: string;
  /**
   * A delete of a duplicate: the region's endpoint that stays. Apply deletes only while that one is still
   * listed and not DELETING, so two runs never remove both endpoints of a region.
   */
  keepEndpointId?: string;
  request: PlannedRequest;
}

/**
 * A poll of one endpoint (by id, when it exists at plan time) or of the region's endpoint (the one not in
 * `ignoreEndpointIds`, when Atlas creates it during apply). Ends when the status is one of `until`
 * (`GONE`: Atlas answers 404 or no longer lists it); `failOn` statuses end it with an error.
 */
export interface EndpointWaitStep extends StepCommon {
  kind: 'endpoint.waitPendingAcceptance' | 'endpoint.waitActive' | 'endpoint.waitDeleted';
  region: string;
  endpointId?: string;
  ignoreEndpointIds: string[];
  until: string[];
  failOn: string[];
  request: PlannedRequest;
}

/** What approving a private endpoint connection on the Key Vault needs. */
export interface Approval {
  approval: 'manual' | 'azure';
  azureEnvironment: string;
  subscriptionID: string;
  resourceGroupName: string;
  keyVaultName: string;
  region: string;
}

/**
 * Approval of the region's endpoint connection on the Azure side. It targets the region: the connection
 * name is only known at apply time, from the endpoint once it is `PENDING_ACCEPTANCE`. No Atlas request.
 */
export interface EndpointApproveStep extends StepCommon, Approval {
  kind: 'endpoint.approve';
  /** The endpoint to approve when it exists at plan time. */
  endpointId?: string;
  ignoreEndpointIds: string[];
  /** None: approval is an Azure call whose connection name is only known at apply time. */
  request?: undefined;
}

/** `PATCH /clusters/{name}` setting `encryptionAtRestProvider`. */
export interface ClusterActionStep extends StepCommon {
  kind: 'cluster.enableCmk' | 'cluster.disableCmk';
  cluster: string;
  request: PlannedRequest;
}

/** A poll of the cluster until `stateName` is `IDLE`. */
export interface ClusterWaitStep extends StepCommon {
  kind: 'cluster.waitIdle';
  cluster: string;
  until: string[];
  /** After a `cluster.resume` or `cluster.pause`: the wait also needs Atlas's `paused` to be this. */
  paused?: boolean;
  request: PlannedRequest;
}

/**
 * `PATCH /clusters/{name}` with only `{"paused": false}` (`cluster.resume`) or `{"paused": true}`
 * (`cluster.pause`, destructive: it stops the database). Atlas refuses a pause or resume combined with any other
 * change, so it is a request of its own; the `cluster.waitIdle` after it waits until Atlas has done it.
 */
export interface ClusterPauseStep extends StepCommon {
  kind: 'cluster.resume' | 'cluster.pause';
  cluster: string;
  request: PlannedRequest;
}

/**
 * Key Vault "Update Key" (`PATCH {vault}/keys/{name}/{version}` with `{"attributes":{"enabled":true}}`) on the
 * key version the desired file names, which Key Vault reports disabled. No Atlas request: the `ear.update` after
 * it makes Atlas validate the key again.
 */
export interface KeyEnableStep extends StepCommon {
  kind: 'key.enable';
  /** The versioned key URL of `azureKeyVault.keyIdentifier`. */
  keyIdentifier: string;
  keyVaultName: string;
  azureEnvironment: string;
  /** None: the call goes to Key Vault, not to Atlas. */
  request?: undefined;
}

/** One step of a plan, keyed by `kind`. */
export type Step =
  | EarStep
  | EndpointActionStep
  | EndpointWaitStep
  | EndpointApproveStep
  | ClusterActionStep
  | ClusterPauseStep
  | ClusterWaitStep
  | KeyEnableStep;
