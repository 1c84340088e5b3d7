import { parseKeyIdentifier, type Diagnostic, type LoadedDocument, type NodePath } from '@atlas-cmk/core';
import { escapeControl } from '@atlas-cmk/planner';
import type { PreflightClient } from './preflight-client.js';

/** The ids of the Azure preflight checks. Stable: users and CI refer to them. */
export type PreflightCheckId =
  | 'azure/provider-registered'
  | 'azure/vault-exists'
  | 'azure/key-usable'
  | 'azure/approver-can-write-connections'
  | 'azure/app-secret-not-expiring';

/** What each check verifies, for listings and SARIF rule metadata. */
export const PREFLIGHT_CHECKS: readonly { id: PreflightCheckId; description: string }[] = [
  {
    id: 'azure/provider-registered',
    description: 'The Microsoft.KeyVault and Microsoft.Network resource providers are registered in the subscription.',
  },
  { id: 'azure/vault-exists', description: 'The key vault exists in the named resource group and subscription.' },
  {
    id: 'azure/key-usable',
    description:
      'The key version exists, is enabled, is not expired or not yet valid, and permits wrapKey/unwrapKey (or encrypt/decrypt).',
  },
  {
    id: 'azure/approver-can-write-connections',
    description: 'With approval: azure, the signed-in identity may write private endpoint connections on the vault.',
  },
  {
    id: 'azure/app-secret-not-expiring',
    description:
      'The app registration whose secret Atlas uses (clientID) has a client secret that does not expire within the window (30 days by default).',
  },
];

/** Resource providers Atlas's private endpoints to a key vault need. */
const PROVIDERS = ['Microsoft.KeyVault', 'Microsoft.Network'] as const;
/** The action approving a connection needs (Microsoft.KeyVault resource provider operations). */
export const WRITE_CONNECTIONS = 'Microsoft.KeyVault/vaults/privateEndpointConnections/write';

/**
 * Run the Azure preflight checks of one document with the signed-in identity: read only, nothing is written. Each
 * failing check is a located diagnostic whose code is its check id and whose message ends with the exact fix (the
 * `az` command). A project whose desired state does not enable customer-managed keys has nothing to check.
 * `nowMs` decides expiry; `approverId` (the signed-in identity's client id) goes into the role-assignment fix;
 * `secretWindowDays` (default 30) is how soon an expiring client secret of Atlas's app is reported. Rejects only
 * for failures of the Azure side itself (network, 5xx, sign-in).
 */
export async function preflightDocument(
  client: PreflightClient,
  doc: LoadedDocument,
  options: { nowMs: number; signal?: AbortSignal; approverId?: string; secretWindowDays?: number },
): Promise<Diagnostic[]> {
  const spec = doc.project.spec;
  const vault = spec.azureKeyVault;
  if (!vault.enabled) return [];
  const out: Diagnostic[] = [];
  const report = (code: PreflightCheckId, path: NodePath, message: string, severity: 'error' | 'warning' = 'error') => {
    out.push({ code, ruleId: code, severity, message, projectId: spec.projectId, ...doc.locate(path) });
  };
  // Azure refused the read itself (403): the signed-in identity may not look, which says nothing of what it would
  // have seen. A warning that names the permission, not an error that stops every plan of an identity without it.
  const cannotLook = (
    code: PreflightCheckId,
    path: NodePath,
    missing: { status: number; code: string },
    what: string,
    permission: string,
  ): boolean => {
    if (missing.status !== 403) return false;
    report(
      code,
      path,
      `could not check ${what}: the signed-in identity may not read it (${escapeControl(missing.code)}); grant it ${permission}, or check with an identity that has it: atlas-cmk preflight`,
      'warning',
    );
    return true;
  };
  const { subscriptionID, resourceGroupName, keyVaultName } = vault;
  if (subscriptionID === undefined || resourceGroupName === undefined || keyVaultName === undefined) return [];
  const sub = subscriptionID;
  const ref = { subscriptionId: sub, resourceGroupName, vaultName: keyVaultName };
  const signal = options.signal;

  for (const namespace of PROVIDERS) {
    const state = await client.providerState(sub, namespace, signal);
    if (state.kind === 'missing') {
      if (
        cannotLook(
          'azure/provider-registered',
          ['spec', 'azureKeyVault', 'subscriptionID'],
          state,
          `the ${namespace} resource provider of subscription ${sub}`,
          'Reader on the subscription',
        )
      )
        continue;
      report(
        'azure/provider-registered',
        ['spec', 'azureKeyVault', 'subscriptionID'],
        `cannot read the ${namespace} resource provider of subscription ${sub} (${state.code}): check subscriptionID and that the identity can read the subscription.`,
      );
      continue;
    }
    if (state.value !== 'Registered')
      report(
        'azure/provider-registered',
        ['spec', 'azureKeyVault', 'subscriptionID'],
        `the ${namespace} resource provider is ${state.value} in subscription ${sub}, so Atlas's private endpoints to the vault cannot be created: register it with: az provider register --namespace ${namespace} --subscription ${sub}`,
      );
  }

  // Atlas's own app registration is independent of the vault: checked even when the vault is missing.
  if (vault.clientID !== undefined && vault.roleId === undefined) {
    const windowDays = options.secretWindowDays ?? 30;
    const expiries = await client.appSecretExpiries(vault.clientID, signal);
    const fix = `add a new secret with: az ad app credential reset --id ${vault.clientID} --append --years 1, put it behind the secret reference, then run: atlas-cmk plan --rotate-secret ${spec.projectId}`;
    if (expiries.kind === 'missing') {
      if (
        !cannotLook(
          'azure/app-secret-not-expiring',
          ['spec', 'azureKeyVault', 'clientID'],
          expiries,
          `the client secrets of the app registration ${vault.clientID} in Microsoft Graph`,
          'the Microsoft Graph application permission Application.Read.All',
        )
      )
        report(
          'azure/app-secret-not-expiring',
          ['spec', 'azureKeyVault', 'clientID'],
          `cannot read the app registration ${vault.clientID} in Microsoft Graph (${expiries.code}): check clientID, and that the signed-in identity may read applications (Application.Read.All)`,
        );
    } else {
      const limit = options.nowMs + windowDays * 24 * 3600 * 1000;
      const ends = expiries.value.map((e) => e ?? Number.POSITIVE_INFINITY);
      const latest = ends.length === 0 ? undefined : Math.max(...ends);
      if (latest === undefined)
        report(
          'azure/app-secret-not-expiring',
          ['spec', 'azureKeyVault', 'secret'],
          `the app registration ${vault.clientID} has no client secret, so Atlas cannot sign in to the key vault: ${fix}`,
        );
      else if (latest <= limit)
        report(
          'azure/app-secret-not-expiring',
          ['spec', 'azureKeyVault', 'secret'],
          `every client secret of the app registration ${vault.clientID} ${latest <= options.nowMs ? 'has expired' : 'expires'} by ${iso(latest / 1000)}, within ${windowDays} days: when it does, Atlas loses the key and pauses the clusters; ${fix}`,
        );
    }
  }

  const found = await client.vault(ref, signal);
  if (found.kind === 'missing') {
    // Neither the key nor the permissions can be read from a vault that is not there, or that may not be read.
    if (
      cannotLook(
        'azure/vault-exists',
        ['spec', 'azureKeyVault', 'keyVaultName'],
        found,
        `the key vault ${keyVaultName} in resource group ${resourceGroupName}`,
        'Reader on the vault (or its resource group)',
      )
    )
      return out;
    report(
      'azure/vault-exists',
      ['spec', 'azureKeyVault', 'keyVaultName'],
      `no key vault ${keyVaultName} in resource group ${resourceGroupName} of subscription ${sub} (${found.code}): check keyVaultName, resourceGroupName and subscriptionID, or create it with: az keyvault create --name ${keyVaultName} --resource-group ${resourceGroupName} --subscription ${sub} --enable-rbac-authorization true`,
    );
    // Neither the key nor the permissions can be read from a vault that is not there.
    return out;
  }

  const key = vault.keyIdentifier === undefined ? null : parseKeyIdentifier(vault.keyIdentifier);
  if (key?.parsed && key.versioned && key.vaultName && key.dnsSuffix && key.keyName && key.keyVersion) {
    const keyPath = ['spec', 'azureKeyVault', 'keyIdentifier'];
    const cli = `--vault-name ${key.vaultName} --name ${key.keyName} --version ${key.keyVersion}`;
    const facts = await client.key(
      { vaultName: key.vaultName, dnsSuffix: key.dnsSuffix, keyName: key.keyName, keyVersion: key.keyVersion },
      signal,
    );
    if (facts.kind === 'missing') {
      // Key Vault answers a read of a disabled version with 403 too, and says so: a finding, not a refusal.
      if (/disabled/i.test(facts.detail))
        report(
          'azure/key-usable',
          keyPath,
          `the key version ${key.keyName}/${key.keyVersion} is disabled, so Atlas cannot use it: enable it with: az keyvault key set-attributes ${cli} --enabled true`,
        );
      else if (
        !cannotLook(
          'azure/key-usable',
          keyPath,
          facts,
          `the key version ${key.keyName}/${key.keyVersion}`,
          'permission to get keys in the vault (Key Vault Crypto User, or a get-key access policy)',
        )
      )
        report(
          'azure/key-usable',
          keyPath,
          `cannot read the key version ${key.keyName}/${key.keyVersion} (${escapeControl(`${facts.code}${facts.detail ? `: ${facts.detail}` : ''}`)}): check keyIdentifier with: az keyvault key show ${cli}`,
        );
    } else {
      const k = facts.value;
      const now = options.nowMs / 1000;
      if (!k.enabled)
        report(
          'azure/key-usable',
          keyPath,
          `the key version ${key.keyName}/${key.keyVersion} is disabled: enable it with: az keyvault key set-attributes ${cli} --enabled true`,
        );
      if (k.expires !== undefined && k.expires <= now)
        report(
          'azure/key-usable',
          keyPath,
          `the key version ${key.keyName}/${key.keyVersion} expired on ${iso(k.expires)}: create a new version with: az keyvault key rotate --vault-name ${key.vaultName} --name ${key.keyName}, then set keyIdentifier to it`,
        );
      if (k.notBefore !== undefined && k.notBefore > now)
        report(
          'azure/key-usable',
          keyPath,
          `the key version ${key.keyName}/${key.keyVersion} is not valid before ${iso(k.notBefore)}: move its activation date with: az keyvault key set-attributes ${cli} --not-before ${iso(now)}`,
        );
      const ops = new Set(k.keyOps);
      const wraps = ops.has('wrapKey') && ops.has('unwrapKey');
      const encrypts = ops.has('encrypt') && ops.has('decrypt');
      if (!wraps && !encrypts)
        report(
          'azure/key-usable',
          keyPath,
          `the key version ${key.keyName}/${key.keyVersion} permits only ${k.keyOps.join(', ') || 'no operation'}, but Atlas needs wrapKey and unwrapKey (or encrypt and decrypt): allow them with: az keyvault key set-attributes ${cli} --ops wrapKey unwrapKey encrypt decrypt`,
        );
    }
  }

  if (spec.privateEndpoints.approval === 'azure' && spec.privateEndpoints.regions.length > 0) {
    const permissions = await client.permissions(ref, signal);
    if (!allows(permissions, WRITE_CONNECTIONS)) {
      const scope = `/subscriptions/${sub}/resourceGroups/${resourceGroupName}/providers/Microsoft.KeyVault/vaults/${keyVaultName}`;
      report(
        'azure/approver-can-write-connections',
        ['spec', 'privateEndpoints', 'approval'],
        `approval: azure, but the signed-in identity may not ${WRITE_CONNECTIONS} on vault ${keyVaultName}, so apply would wait for approval forever: grant it with: az role assignment create --assignee ${options.approverId || "<the identity's client id>"} --role "Key Vault Contributor" --scope ${scope} (or use approval: manual)`,
      );
    }
  }
  return out;
}

/** True when some permission allows `action` and none of its `notActions` takes it away (wildcards `*`). */
export function allows(permissions: readonly { actions: string[]; notActions: string[] }[], action: string): boolean {
  const matches = (pattern: string): boolean =>
    new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i').test(action);
  return permissions.some((p) => p.actions.some(matches) && !p.notActions.some(matches));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
