import { describe, expect, it } from 'vitest';
import { approveCommand } from './approve-command.js';

describe('approveCommand', () => {
  it('names the resource group, vault and connection exactly', () => {
    expect(approveCommand({ resourceGroupName: 'rg-payments', keyVaultName: 'kv-payments' }, 'pe-atlas.1a2b')).toBe(
      'az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments ' +
        '--name pe-atlas.1a2b --description "Approved for MongoDB Atlas encryption at rest"',
    );
  });

  it('quotes a value a shell would split', () => {
    expect(approveCommand({ resourceGroupName: "rg o'neil", keyVaultName: 'kv' }, 'c')).toContain(
      `--resource-group 'rg o'\\''neil'`,
    );
  });
});
