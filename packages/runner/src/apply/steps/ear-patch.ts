import { requestSecretPaths, type EarStep } from '@atlas-cmk/planner';
import type { EncryptionAtRestUpdate } from '../../atlas/request-body.js';
import { resolveSecrets } from '../resolve-secrets.js';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';

const DONE: Readonly<Record<EarStep['kind'], string>> = {
  'ear.enable': 'CMK enabled on the project',
  'ear.update': 'Encryption at rest settings updated',
  'ear.requirePrivateNetworking': 'Private networking to the key vault required',
  'ear.disablePrivateNetworking': 'Private networking to the key vault no longer required',
  'ear.disable': 'CMK disabled on the project',
};

/**
 * `PATCH /encryptionAtRest` with the planned body, the secret reference resolved just before sending.
 * When this is the project's last EAR change and CMK stays on, Atlas must then report `valid: true`.
 */
export async function runEarPatch(ctx: StepContext<EarStep>): Promise<string> {
  const { atlas, projectId, step, signal } = ctx;
  const body = resolveSecrets(
    step.request.body ?? {},
    ctx.resolveSecret,
    requestSecretPaths(step),
  ) as EncryptionAtRestUpdate;
  await atlas.updateEncryptionAtRest(projectId, body, { signal });
  if (!ctx.verifiesKey) return DONE[step.kind];

  const ear = await atlas.getEncryptionAtRest(projectId, { signal });
  const vault = ear.azureKeyVault;
  if (vault?.valid !== true) {
    const key = vault?.keyIdentifier ?? 'the configured key';
    throw new StepError({
      message: `Atlas accepted the settings but reports azureKeyVault.valid: ${String(vault?.valid ?? 'absent')}: it cannot encrypt and decrypt with ${key}.`,
      hint:
        'Check that the application (clientID) has GET, ENCRYPT and DECRYPT (wrapKey/unwrapKey) permissions on the key, ' +
        'that the client secret is current, and that the key version is enabled and not expired; then run atlas-cmk apply again.',
    });
  }
  return `${DONE[step.kind]}; Atlas reports the key as valid`;
}
