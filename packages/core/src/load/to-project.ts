import type { DesiredAzureKeyVault, ProjectEncryption, SecretSource } from '../model.js';
import { parseSecretSource } from './secret-source.js';

/** A document as the schema guarantees it: optional fields may be absent, `secret` is still text. */
export interface RawProjectEncryption {
  apiVersion: 'atlas-cmk/v1';
  kind: 'ProjectEncryption';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    projectId: string;
    azureKeyVault: Omit<DesiredAzureKeyVault, 'secret' | 'azureEnvironment' | 'requirePrivateNetworking'> &
      Partial<Pick<DesiredAzureKeyVault, 'azureEnvironment' | 'requirePrivateNetworking'>> & { secret?: string };
    enabledForSearchNodes?: boolean;
    privateEndpoints?: { regions?: string[]; approval?: 'manual' | 'azure' };
    clusters?: { name: string; encryptionAtRest: boolean; paused?: boolean }[];
    waivers?: { rule: string; reason: string; expires: string }[];
  };
}

/**
 * The typed model of a schema-valid document: defaults applied (`azureEnvironment: AZURE`,
 * `requirePrivateNetworking: false`, no regions, `approval: manual`, no clusters, no waivers), regions
 * de-duplicated in file order, and `secret` turned into a {@link SecretSource} (a literal value is
 * dropped). Builds new objects and shares nothing with `raw`.
 */
export function toProjectEncryption(raw: RawProjectEncryption): ProjectEncryption {
  const { secret, azureEnvironment, requirePrivateNetworking, ...vault } = raw.spec.azureKeyVault;
  const azureKeyVault: DesiredAzureKeyVault = {
    ...vault,
    azureEnvironment: azureEnvironment ?? 'AZURE',
    requirePrivateNetworking: requirePrivateNetworking ?? false,
    ...(secret === undefined ? {} : { secret: parseSecretSource(secret) }),
  };
  const { name, labels } = raw.metadata;
  return {
    apiVersion: raw.apiVersion,
    kind: raw.kind,
    metadata: { name, ...(labels === undefined ? {} : { labels: { ...labels } }) },
    spec: {
      projectId: raw.spec.projectId,
      azureKeyVault,
      ...(raw.spec.enabledForSearchNodes === undefined
        ? {}
        : { enabledForSearchNodes: raw.spec.enabledForSearchNodes }),
      privateEndpoints: {
        regions: [...new Set(raw.spec.privateEndpoints?.regions ?? [])],
        approval: raw.spec.privateEndpoints?.approval ?? 'manual',
      },
      clusters: (raw.spec.clusters ?? []).map((cluster) => ({
        name: cluster.name,
        encryptionAtRest: cluster.encryptionAtRest,
        ...(cluster.paused !== undefined ? { paused: cluster.paused } : {}),
      })),
      waivers: (raw.spec.waivers ?? []).map((waiver) => ({
        rule: waiver.rule,
        reason: waiver.reason,
        expires: waiver.expires,
      })),
    },
  };
}

/**
 * The inverse of {@link toProjectEncryption}: the document as data a schema check accepts, with defaults written
 * out and the secret as its reference text (a literal secret, whose value was dropped, stays `(sensitive value)`).
 * `toProjectEncryption(fromProjectEncryption(p))` equals `p`. Saved plans carry this form.
 */
export function fromProjectEncryption(project: ProjectEncryption): RawProjectEncryption {
  const { secret, ...vault } = project.spec.azureKeyVault;
  const { labels } = project.metadata;
  return {
    apiVersion: project.apiVersion,
    kind: project.kind,
    metadata: { name: project.metadata.name, ...(labels === undefined ? {} : { labels: { ...labels } }) },
    spec: {
      projectId: project.spec.projectId,
      azureKeyVault: { ...vault, ...(secret === undefined ? {} : { secret: secretText(secret) }) },
      ...(project.spec.enabledForSearchNodes === undefined
        ? {}
        : { enabledForSearchNodes: project.spec.enabledForSearchNodes }),
      privateEndpoints: {
        regions: [...project.spec.privateEndpoints.regions],
        approval: project.spec.privateEndpoints.approval,
      },
      clusters: project.spec.clusters.map((cluster) => ({ ...cluster })),
      waivers: project.spec.waivers.map((waiver) => ({ ...waiver })),
    },
  };
}

function secretText(source: SecretSource): string {
  return source.kind === 'literal' ? LITERAL_SECRET_MARKER : source.raw;
}

/** What stands for a literal secret once its value is dropped (the planner's `SENSITIVE`). */
export const LITERAL_SECRET_MARKER = '(sensitive value)';
