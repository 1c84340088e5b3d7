import { requestSecretPaths, type EarStep } from '@atlas-cmk/planner';
import type { EncryptionAtRestUpdate } from '../../atlas/request-body.js';
import { resolveSecrets } from '../resolve-secrets.js';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';
import { anotherApply } from './another-apply.js';

const DONE: Readonly<Record<EarStep['kind'], string>> = {
  'ear.enable': 'CMK enabled on the project',
  'ear.update': 'Encryption at rest settings updated',
  'ear.requirePrivateNetworking': 'Private networking to the key vault required',
  'ear.disablePrivateNetworking': 'Private networking to the key vault no longer required',
  'ear.disable': 'CMK disabled on the project',
};

/** Steps that bring protection up: none of them may lower it. */
const BRING_UP = new Set<EarStep['kind']>(['ear.enable', 'ear.update', 'ear.requirePrivateNetworking']);

/**
 * `PATCH /encryptionAtRest` with the planned body, the secret reference resolved just before sending.
 * When this is the project's last EAR change and CMK stays on, Atlas must then report `valid: true`.
 * A bring-up step planned while private networking was off re-sends `requirePrivateNetworking: false`; it is sent
 * only after a re-read shows private networking still off, so a run that started before another apply turned it on
 * never turns it off again (it stops with a message saying so instead).
 */
export async function runEarPatch(ctx: StepContext<EarStep>): Promise<string> {
  const { atlas, projectId, step, signal } = ctx;
  if (BRING_UP.has(step.kind) && sendsNetworkOff(step)) {
    const live = await atlas.getEncryptionAtRest(projectId, { signal });
    if (live.azureKeyVault?.requirePrivateNetworking === true) {
      throw new StepError({
        message: `${anotherApply(projectId)}: private networking to the key vault is already required, and this run's ${step.kind}, planned before, would turn it off.`,
        hint: 'Wait for the other apply to finish, then run atlas-cmk apply again: it plans from the live state.',
      });
    }
  }
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

function sendsNetworkOff(step: EarStep): boolean {
  const vault = step.request.body?.['azureKeyVault'];
  return (
    typeof vault === 'object' &&
    vault !== null &&
    (vault as Record<string, unknown>)['requirePrivateNetworking'] === false
  );
}
