import type { Callout, ClusterView, EncryptionStatus, EndpointView } from './status-model.js';

/** The parts of a project's status the call-outs are derived from. */
export interface CalloutInput {
  projectId: string;
  encryption: EncryptionStatus;
  endpoints: EndpointView[];
  clusters: ClusterView[];
  organizationInactive: boolean;
}

/**
 * The problems `status` calls out loudly, each with what to check or do: an inactive organization, a key Atlas
 * cannot use (`valid: false`), paused clusters, FAILED endpoints, and second endpoints in a region. Loudest first.
 */
export function statusCallouts(input: CalloutInput): Callout[] {
  const out: Callout[] = [];
  if (input.organizationInactive) {
    out.push({
      code: 'organization-inactive',
      subject: null,
      message:
        'The project is inactive: Atlas refuses every change (INACTIVE_ORG, cmk/project-active). Reactivate its organization in Atlas (billing) first.',
    });
  }
  const enc = input.encryption;
  if (enc.enabled && enc.valid === false) {
    out.push({ code: 'key-invalid', subject: null, message: keyInvalidMessage(input.projectId, enc) });
  }
  for (const cluster of input.clusters.filter((c) => c.paused)) {
    out.push({ code: 'cluster-paused', subject: cluster.name, message: pausedMessage(cluster, enc) });
  }
  for (const e of input.endpoints.filter((x) => x.status === 'FAILED')) {
    out.push({
      code: 'endpoint-failed',
      subject: e.id,
      message: `Endpoint ${e.id} in ${e.regionName} FAILED: ${e.next.text}`,
    });
  }
  for (const e of input.endpoints.filter((x) => x.duplicateOf !== null)) {
    out.push({
      code: 'endpoint-duplicate',
      subject: e.id,
      message: `Endpoint ${e.id} (${e.status}) is a second endpoint in ${e.regionName}, beside ${e.duplicateOf ?? ''}: Atlas needs one per region; atlas-cmk apply deletes it.`,
    });
  }
  return out;
}

function keyInvalidMessage(projectId: string, enc: EncryptionStatus): string {
  const key =
    enc.keyName && enc.keyVersion
      ? `key ${enc.keyName} version ${enc.keyVersion}`
      : `the key ${enc.keyIdentifier ?? '(no keyIdentifier)'}`;
  const vault = enc.keyVaultName ? ` in key vault ${enc.keyVaultName}` : '';
  const who =
    enc.authentication.kind === 'clientSecret'
      ? `app ${enc.authentication.clientID}`
      : enc.authentication.kind === 'role'
        ? `service principal of role ${enc.authentication.roleId}`
        : 'the configured identity';
  const checks = [`${key}${vault} is enabled and not expired`, `the ${who} still has get, wrapKey and unwrapKey on it`];
  if (enc.authentication.kind === 'clientSecret') {
    checks.push(
      `the client secret has not expired (send the new one with atlas-cmk apply --rotate-secret ${projectId})`,
    );
  }
  if (enc.requirePrivateNetworking) checks.push('an endpoint is ACTIVE in every region of the clusters');
  return `Atlas cannot use the key (valid: false). Check that ${checks.join('; that ')}.`;
}

function pausedMessage(cluster: ClusterView, enc: EncryptionStatus): string {
  if (cluster.encryptionAtRestProvider === 'AZURE') {
    return `Cluster ${cluster.name} is paused — revoked key access pauses clusters; restore the key's access, then resume it.`;
  }
  if (cluster.providers.length > 1 && enc.requirePrivateNetworking) {
    return `Cluster ${cluster.name} is paused — Atlas disables multi-cloud clusters in a project with private networking for the key; move it to one cloud or turn private networking off, then resume it.`;
  }
  return `Cluster ${cluster.name} is paused; resume it in Atlas when it is needed.`;
}
