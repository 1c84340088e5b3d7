import type { LiveEndpoint } from '@atlas-cmk/core';
import { approveCommand } from '@atlas-cmk/runner';
import type { NextAction } from './status-model.js';

/** The vault an endpoint's connection belongs to, as the project's live `azureKeyVault` names it. */
export interface VaultNames {
  resourceGroupName: string | null;
  keyVaultName: string | null;
}

/**
 * What to do next for an endpoint in its status (Atlas's status table, `contracts/NOTES.md` section 7). Only a
 * `PENDING_ACCEPTANCE` endpoint needs a person; every other status is either fine, transient, or repaired by the
 * next `atlas-cmk apply`, which re-reads the live state first.
 */
export function nextActionFor(endpoint: LiveEndpoint, vault: VaultNames): NextAction {
  const status = endpoint.status;
  switch (status) {
    case 'INITIATING':
      return { text: 'Atlas is creating it; wait.', command: null };
    case 'PENDING_ACCEPTANCE':
      return approval(endpoint, vault);
    case 'ACTIVE':
      return { text: 'In use.', command: null };
    case 'PENDING_RECREATION':
      return {
        text: 'Rejected or removed in Azure; Atlas is recreating it: approve the new endpoint (run atlas-cmk apply).',
        command: null,
      };
    case 'FAILED': {
      const text = `Run atlas-cmk apply to delete and recreate it${endpoint.errorMessage ? `; Atlas said: ${endpoint.errorMessage}` : ''}`;
      return { text: /[.!?]$/.test(text) ? text : `${text}.`, command: null };
    }
    case 'DELETING':
      return { text: 'Being removed.', command: null };
    default: {
      // Atlas may add a status before atlas-cmk knows it: show it rather than fail.
      const unknown: never = status;
      return { text: `Atlas reports the status ${String(unknown)}, which atlas-cmk does not know.`, command: null };
    }
  }
}

function approval(endpoint: LiveEndpoint, vault: VaultNames): NextAction {
  const connection = endpoint.privateEndpointConnectionName;
  if (!connection || !vault.resourceGroupName || !vault.keyVaultName) {
    return {
      text: `Approve its private endpoint connection on key vault ${vault.keyVaultName ?? '(not configured)'} in Azure (or run atlas-cmk apply with approval: azure).`,
      command: null,
    };
  }
  const command = approveCommand(
    { resourceGroupName: vault.resourceGroupName, keyVaultName: vault.keyVaultName },
    connection,
  );
  return { text: `Approve it in Azure: ${command}`, command };
}
