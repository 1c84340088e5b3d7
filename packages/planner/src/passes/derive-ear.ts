import type { DesiredAzureKeyVault, LiveAzureKeyVault } from '@atlas-cmk/core';
import { diffPatch } from '../json-patch.js';
import { keyRotation } from '../key-identifier.js';
import { SENSITIVE, type ChangeAction, type ResourceChange } from '../plan-types.js';
import type { EarIntent, KeyUsability, ProjectInput } from './draft.js';
import type { PlannerDiagnostic } from '../planner-codes.js';

/** The `azureKeyVault` fields compared between desired and live (`secret` cannot be: Atlas never returns it). */
export const VAULT_FIELDS = [
  'azureEnvironment',
  'clientID',
  'tenantID',
  'roleId',
  'subscriptionID',
  'resourceGroupName',
  'keyVaultName',
  'keyIdentifier',
] as const;

/** Fields Atlas does not let change once private endpoint connections exist. */
const IMMUTABLE_WITH_ENDPOINTS = ['subscriptionID', 'resourceGroupName', 'keyVaultName'] as const;

/**
 * Derives what the project's encryption-at-rest document needs, its resource change, and the
 * `plan/immutable-vault-settings` refusals. The secret is never compared: it is sent (as a reference)
 * whenever the block is sent, and the redacted `after` shows `(sensitive value)` exactly then.
 */
export function deriveEar(
  input: ProjectInput,
  key: KeyUsability = 'unknown',
): {
  intent: EarIntent;
  change: ResourceChange;
  diagnostics: PlannerDiagnostic[];
} {
  const { doc, live } = input;
  const desired = doc.project.spec.azureKeyVault;
  const liveVault: LiveAzureKeyVault = live.encryptionAtRest.azureKeyVault ?? {};
  const liveEnabled = liveVault.enabled === true;
  const desiredSearch = doc.project.spec.enabledForSearchNodes;
  const changedFields = VAULT_FIELDS.filter((f) => desired[f] !== undefined && desired[f] !== liveVault[f]);
  const searchChanges =
    desiredSearch !== undefined && desiredSearch !== (live.encryptionAtRest.enabledForSearchNodes ?? false);

  // Atlas validates the key when the block is sent: once the key is usable again (Key Vault says so, or the plan
  // enables it first), sending the same settings is how Atlas is made to use it again.
  const revalidate =
    desired.enabled && liveEnabled && ((liveVault.valid === false && key === 'usable') || key === 'after-enable');
  const cmk = cmkIntent(
    desired.enabled,
    liveEnabled,
    changedFields.length > 0 || searchChanges || input.rotateSecret || revalidate,
  );
  // ear.enable turns CMK on without private networking; a separate step requires it afterwards.
  const networkAfterCmk = cmk === 'enable' ? false : liveVault.requirePrivateNetworking === true;
  const network = networkIntent(desired, networkAfterCmk);

  const before = liveView(
    liveVault,
    desiredSearch === undefined ? undefined : (live.encryptionAtRest.enabledForSearchNodes ?? false),
  );
  const sendsBlock = cmk === 'enable' || cmk === 'update' || network !== 'keep';
  const after = desired.enabled
    ? desiredView(desired, liveVault, sendsBlock, desiredSearch)
    : { ...before, azureKeyVault: { ...(before.azureKeyVault as Record<string, unknown>), enabled: false } };
  const action: ChangeAction =
    cmk === 'enable' ? 'create' : cmk === 'disable' ? 'delete' : sendsBlock ? 'update' : 'no-op';
  const rotation =
    desired.enabled && liveEnabled ? keyRotation(liveVault.keyIdentifier, desired.keyIdentifier) : undefined;
  const change: ResourceChange = {
    address: `project.${live.projectId}.encryptionAtRest`,
    action,
    before,
    after,
    patch: diffPatch(before, after),
    ...(rotation ? { keyRotation: rotation } : {}),
    ...(cmk === 'update' && changedFields.length === 0 && !searchChanges
      ? {
          reason: revalidate
            ? 'the settings are sent again so that Atlas validates the key again (valid: false until then)'
            : 'the client secret is sent again (--rotate-secret)',
        }
      : {}),
  };
  return {
    intent: { cmk, network, changedFields, revalidate },
    change,
    diagnostics: immutableVaultDiagnostics(input, liveVault),
  };
}

function cmkIntent(desiredEnabled: boolean, liveEnabled: boolean, differs: boolean): EarIntent['cmk'] {
  if (desiredEnabled && !liveEnabled) return 'enable';
  if (!desiredEnabled && liveEnabled) return 'disable';
  return desiredEnabled && differs ? 'update' : 'keep';
}

function networkIntent(desired: DesiredAzureKeyVault, networkAfterCmk: boolean): EarIntent['network'] {
  // Disabling CMK needs no private-networking step: ear.disable covers the whole block.
  if (!desired.enabled || desired.requirePrivateNetworking === networkAfterCmk) return 'keep';
  return desired.requirePrivateNetworking ? 'require' : 'release';
}

function liveView(vault: LiveAzureKeyVault, search: boolean | undefined): Record<string, unknown> {
  const block: Record<string, unknown> = { enabled: vault.enabled === true };
  for (const f of VAULT_FIELDS) if (vault[f] !== undefined) block[f] = vault[f];
  block.requirePrivateNetworking = vault.requirePrivateNetworking === true;
  return search === undefined ? { azureKeyVault: block } : { azureKeyVault: block, enabledForSearchNodes: search };
}

function desiredView(
  desired: DesiredAzureKeyVault,
  live: LiveAzureKeyVault,
  sendsBlock: boolean,
  search: boolean | undefined,
): Record<string, unknown> {
  const block: Record<string, unknown> = { enabled: true };
  for (const f of VAULT_FIELDS) {
    const value = desired[f] ?? live[f];
    if (value !== undefined) block[f] = value;
  }
  block.requirePrivateNetworking = desired.requirePrivateNetworking;
  if (sendsBlock && desired.secret) block.secret = SENSITIVE;
  return search === undefined ? { azureKeyVault: block } : { azureKeyVault: block, enabledForSearchNodes: search };
}

function immutableVaultDiagnostics(input: ProjectInput, liveVault: LiveAzureKeyVault): PlannerDiagnostic[] {
  const { doc, live } = input;
  const desired = doc.project.spec.azureKeyVault;
  const endpoints = live.endpoints.filter((e) => e.cloudProvider === 'AZURE');
  if (!desired.enabled || endpoints.length === 0) return [];
  const regions = [...new Set(endpoints.map((e) => e.regionName))].join(', ');
  return IMMUTABLE_WITH_ENDPOINTS.filter(
    (f) => desired[f] !== undefined && liveVault[f] !== undefined && desired[f] !== liveVault[f],
  ).map((f) => {
    const at = doc.locate(['spec', 'azureKeyVault', f]);
    return {
      code: 'plan/immutable-vault-settings',
      severity: 'error',
      message:
        `${f} cannot change from "${liveVault[f]}" to "${desired[f]}" while private endpoints exist (${regions}). ` +
        `First set requirePrivateNetworking: false, remove spec.privateEndpoints.regions and apply ` +
        `(the endpoints are deleted); then change ${f} and apply; then turn private networking back on ` +
        `with the regions and apply again.`,
      ...at,
      projectId: live.projectId,
    } satisfies PlannerDiagnostic;
  });
}
