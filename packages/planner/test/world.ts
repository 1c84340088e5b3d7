import type {
  DesiredCluster,
  EndpointStatus,
  LiveCluster,
  LiveEndpoint,
  LiveProjectState,
  LoadedDocument,
  NodePath,
  ProjectEncryption,
} from '@atlas-cmk/core';

/** A small world of one project: desired document and live Atlas facts, built from a few knobs. */
export const PROJECT_ID = '66c9e8f1dd6c9960802420e9';
export const KEY_1 = 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f';
export const KEY_2 = 'https://kv-payments.vault.azure.net/keys/atlas/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
export const SECRET_ENV = 'AZURE_CLIENT_SECRET';

const VAULT = {
  azureEnvironment: 'AZURE',
  clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
  tenantID: '1f6ef922-9303-402a-bae2-cc68810b023c',
  subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  resourceGroupName: 'rg-payments',
  keyVaultName: 'kv-payments',
} as const;

/** Lines of a few fields, as a loader would locate them in `payments.yaml`. */
export const LINES: Record<string, number> = {
  '': 1,
  'spec.projectId': 6,
  'spec.azureKeyVault.subscriptionID': 13,
  'spec.azureKeyVault.resourceGroupName': 14,
  'spec.azureKeyVault.keyVaultName': 15,
  'spec.clusters': 22,
  'spec.clusters.0.name': 23,
};

export interface DesiredKnobs {
  enabled?: boolean;
  requirePrivateNetworking?: boolean;
  regions?: string[];
  approval?: 'manual' | 'azure';
  keyIdentifier?: string;
  keyVaultName?: string;
  clusters?: DesiredCluster[];
  secretEnv?: string;
  projectId?: string;
  name?: string;
}

/** A desired `ProjectEncryption`; defaults: CMK on with KEY_1, no private networking, no clusters. */
export function desired(knobs: DesiredKnobs = {}): ProjectEncryption {
  const secretEnv = knobs.secretEnv ?? SECRET_ENV;
  return {
    apiVersion: 'atlas-cmk/v1',
    kind: 'ProjectEncryption',
    metadata: { name: knobs.name ?? 'payments-prod' },
    spec: {
      projectId: knobs.projectId ?? PROJECT_ID,
      azureKeyVault: {
        ...VAULT,
        enabled: knobs.enabled ?? true,
        azureEnvironment: 'AZURE',
        secret: { kind: 'env', name: secretEnv, raw: `\${env:${secretEnv}}` },
        keyVaultName: knobs.keyVaultName ?? VAULT.keyVaultName,
        keyIdentifier: knobs.keyIdentifier ?? KEY_1,
        requirePrivateNetworking: knobs.requirePrivateNetworking ?? (knobs.regions ?? []).length > 0,
      },
      privateEndpoints: { regions: knobs.regions ?? [], approval: knobs.approval ?? 'manual' },
      clusters: knobs.clusters ?? [],
      waivers: [],
    },
  };
}

/** A `LoadedDocument` for `project`, located through {@link LINES}. */
export function loaded(project: ProjectEncryption, file = 'payments.yaml'): LoadedDocument {
  return {
    file,
    index: 0,
    project,
    locate: (path: NodePath) => ({ file, line: LINES[path.join('.')] ?? 1, column: 1 }),
  };
}

export interface LiveKnobs {
  /** CMK on the project; default off (never configured). */
  cmk?: boolean;
  requirePrivateNetworking?: boolean;
  keyIdentifier?: string;
  keyVaultName?: string;
  endpoints?: { region: string; status: EndpointStatus; id?: string; errorMessage?: string }[];
  clusters?: { name: string; provider?: LiveCluster['encryptionAtRestProvider']; state?: string }[];
  projectId?: string;
}

/** Live facts of the project as the runner reads them. */
export function live(knobs: LiveKnobs = {}): LiveProjectState {
  const projectId = knobs.projectId ?? PROJECT_ID;
  const endpoints = (knobs.endpoints ?? []).map((e, i): LiveEndpoint => ({
    id: e.id ?? `6a${String(i).padStart(22, '0')}`,
    cloudProvider: 'AZURE',
    regionName: e.region,
    status: e.status,
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
  }));
  return {
    projectId,
    project: { id: projectId, name: 'payments', orgId: '5f0000000000000000000001' },
    encryptionAtRest: {
      azureKeyVault: knobs.cmk
        ? {
            ...VAULT,
            enabled: true,
            keyVaultName: knobs.keyVaultName ?? VAULT.keyVaultName,
            keyIdentifier: knobs.keyIdentifier ?? KEY_1,
            requirePrivateNetworking: knobs.requirePrivateNetworking ?? endpoints.length > 0,
            valid: true,
          }
        : { enabled: false },
      awsKms: { enabled: false },
      googleCloudKms: { enabled: false },
    },
    endpoints,
    clusters: (knobs.clusters ?? []).map((c) => ({
      name: c.name,
      stateName: c.state ?? 'IDLE',
      encryptionAtRestProvider: c.provider ?? 'NONE',
    })),
  };
}

/** The `plan` input for one desired document against one live project. */
export function world(want: ProjectEncryption, have: LiveProjectState) {
  return { documents: [loaded(want)], live: new Map([[have.projectId, have]]) };
}
