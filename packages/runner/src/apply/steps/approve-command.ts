import type { Approval } from '@atlas-cmk/planner';

/** The description atlas-cmk writes on a connection it approves, or asks a person to write. */
export const APPROVAL_DESCRIPTION = 'Approved for MongoDB Atlas encryption at rest';

/**
 * The exact Azure CLI command that approves a Key Vault private endpoint connection. Values are quoted
 * for POSIX shells only when they need it, so the common case stays copy-paste friendly and readable.
 */
export function approveCommand(
  approval: Pick<Approval, 'resourceGroupName' | 'keyVaultName'>,
  connectionName: string,
): string {
  return [
    'az keyvault private-endpoint-connection approve',
    `--resource-group ${shellQuote(approval.resourceGroupName)}`,
    `--vault-name ${shellQuote(approval.keyVaultName)}`,
    `--name ${shellQuote(connectionName)}`,
    `--description "${APPROVAL_DESCRIPTION}"`,
  ].join(' ');
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9._\-/:=]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
