import type { DesiredAzureKeyVault, LiveProjectState, ProjectEncryptionSpec } from '@atlas-cmk/core';
import { atlasPaths } from '../atlas-paths.js';
import { keyRotation, parseKeyIdentifier, shortKey } from '../key-identifier.js';
import { secretMarker } from '../redact.js';
import type { EarStep } from '../step-types.js';
import { VAULT_FIELDS } from './derive-ear.js';
import type { DraftStep, EarIntent } from './draft.js';

/**
 * The project-level steps. Every PATCH that changes `azureKeyVault` sends the whole block with the
 * secret reference, because Atlas requires all fields of the provider and cannot be asked for the
 * secret; `ear.disable` sends only `enabled: false`, as Atlas documents.
 */
export function earSteps(spec: ProjectEncryptionSpec, live: LiveProjectState, intent: EarIntent): DraftStep[] {
  const projectId = live.projectId;
  const desired = spec.azureKeyVault;
  const liveVault = live.encryptionAtRest.azureKeyVault ?? {};
  const patch = (kind: EarStep['kind'], body: Record<string, unknown>, description: string): EarStep => ({
    id: kind,
    kind,
    target: projectId,
    dependsOn: [],
    destructive: kind === 'ear.disable' || kind === 'ear.disablePrivateNetworking',
    description,
    request: { method: 'PATCH', path: atlasPaths.encryptionAtRest(projectId), body },
  });
  const steps: DraftStep[] = [];
  const search = spec.enabledForSearchNodes === undefined ? {} : { enabledForSearchNodes: spec.enabledForSearchNodes };
  if (intent.cmk === 'enable') {
    const key = desired.keyIdentifier ? parseKeyIdentifier(desired.keyIdentifier) : undefined;
    const described = key ? ` with key ${shortKey(key)} in vault ${key.vault}` : '';
    steps.push({
      step: patch(
        'ear.enable',
        { azureKeyVault: block(desired, false), ...search },
        `Enable CMK on the project${described}`,
      ),
      role: 'cmk-on',
    });
  }
  if (intent.cmk === 'update') {
    const description = updateDescription(spec, live, intent);
    const network = liveVault.requirePrivateNetworking === true;
    steps.push({
      step: patch('ear.update', { azureKeyVault: block(desired, network), ...search }, description),
      role: 'cmk-on',
    });
  }
  if (intent.network === 'require') {
    steps.push({
      step: patch(
        'ear.requirePrivateNetworking',
        { azureKeyVault: block(desired, true) },
        'Require private networking to the key vault',
      ),
      role: 'network-on',
    });
  }
  if (intent.network === 'release') {
    steps.push({
      step: patch(
        'ear.disablePrivateNetworking',
        { azureKeyVault: block(desired, false) },
        'Stop requiring private networking',
      ),
      role: 'network-off',
    });
  }
  if (intent.cmk === 'disable') {
    steps.push({
      step: patch('ear.disable', { azureKeyVault: { enabled: false } }, 'Disable CMK on the project'),
      role: 'cmk-off',
    });
  }
  return steps;
}

/** What an `ear.update` does, in words: the rotation, the other fields, or the secret alone. */
function updateDescription(spec: ProjectEncryptionSpec, live: LiveProjectState, intent: EarIntent): string {
  const rotation = keyRotation(live.encryptionAtRest.azureKeyVault?.keyIdentifier, spec.azureKeyVault.keyIdentifier);
  const others = intent.changedFields.filter((f) => !(rotation && f === 'keyIdentifier'));
  const search = spec.enabledForSearchNodes;
  if (search !== undefined && search !== (live.encryptionAtRest.enabledForSearchNodes ?? false)) {
    others.push('enabledForSearchNodes');
  }
  const parts = [
    ...(rotation
      ? [`Rotate the key in vault ${rotation.vault}: ${shortKey(rotation.from)} -> ${shortKey(rotation.to)}`]
      : []),
    ...(others.length > 0 ? [`${rotation ? 'update' : 'Update'} ${others.join(', ')}`] : []),
  ];
  if (intent.revalidate) parts.push(`${parts.length > 0 ? 'and have' : 'Have'} Atlas validate the key again`);
  return parts.length > 0 ? parts.join('; ') : 'Send the client secret again';
}

/** The full `azureKeyVault` block of a PATCH, the secret as a reference marker. */
function block(desired: DesiredAzureKeyVault, requirePrivateNetworking: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { enabled: true };
  for (const f of VAULT_FIELDS) if (desired[f] !== undefined) out[f] = desired[f];
  if (desired.secret) out.secret = secretMarker(desired.secret);
  out.requirePrivateNetworking = requirePrivateNetworking;
  return out;
}
