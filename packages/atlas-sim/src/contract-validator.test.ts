import { describe, expect, it } from 'vitest';
import { ContractValidator } from './contract-validator.js';

const V1 = 'application/vnd.atlas.2023-01-01+json';

describe('ContractValidator', () => {
  const validator = ContractValidator.load();

  it('accepts a plain-string regionName despite the contract declaring type object (quirk)', () => {
    const ep = {
      id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      cloudProvider: 'AZURE',
      regionName: 'US_CENTRAL',
      status: 'INITIATING',
    };
    expect(validator.check('getGroupEncryptionAtRestPrivateEndpoint', 200, V1, ep)).toEqual([]);
  });

  it('rejects an unknown endpoint status and a region outside every enum', () => {
    const ep = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', cloudProvider: 'AZURE', regionName: 'centralus', status: 'READY' };
    const problems = validator.check('getGroupEncryptionAtRestPrivateEndpoint', 200, V1, ep);
    expect(problems.some((p) => p.includes('/status'))).toBe(true);
    expect(problems.some((p) => p.includes('/regionName'))).toBe(true);
  });

  it('flags a write-only secret in a response', () => {
    const problems = validator.check('getGroupEncryptionAtRest', 200, V1, {
      azureKeyVault: { enabled: true, secret: 'leak' },
    });
    expect(problems.join('\n')).toContain('/azureKeyVault/secret');
  });

  it('validates cluster region configs through the discriminator without looping on the reference cycle', () => {
    const cluster = (providerName: string, instanceSize: string) => ({
      name: 'orders',
      stateName: 'IDLE',
      replicationSpecs: [
        {
          regionConfigs: [
            { providerName, regionName: 'US_CENTRAL', priority: 7, electableSpecs: { instanceSize, nodeCount: 3 } },
          ],
        },
      ],
    });
    const ct = 'application/vnd.atlas.2024-08-05+json';
    expect(validator.check('getGroupCluster', 200, ct, cluster('AZURE', 'M30'))).toEqual([]);
    expect(validator.check('getGroupCluster', 200, ct, cluster('AZURE', 'M31')).length).toBeGreaterThan(0);
    expect(validator.check('getGroupCluster', 200, ct, cluster('ORACLE', 'M30')).length).toBeGreaterThan(0);
  });

  it('requires declared content types and statuses, and ApiError bodies for undeclared error statuses', () => {
    expect(validator.check('getGroup', 200, 'application/json', {})).toEqual([
      expect.stringContaining('content type application/json'),
    ]);
    expect(validator.check('getGroup', 201, V1, {})).toEqual([expect.stringContaining('status 201 is not declared')]);
    const apiError = { detail: 'x', error: 400, errorCode: 'X', parameters: [['id']], reason: 'Bad Request' };
    expect(
      validator.check('requestGroupEncryptionAtRestPrivateEndpointDeletion', 400, 'application/json', apiError),
    ).toEqual([]);
    expect(
      validator.check('requestGroupEncryptionAtRestPrivateEndpointDeletion', 400, 'application/json', { detail: 'x' })
        .length,
    ).toBeGreaterThan(0);
  });

  it('names every place it looked when the contract is missing', () => {
    expect(() => ContractValidator.load('/nonexistent/contracts')).toThrow(
      'conformance mode needs the Atlas contract atlas-admin-v2.subset.openapi.yaml; looked in: /nonexistent/contracts/atlas-admin-v2.subset.openapi.yaml',
    );
  });

  it('checks Azure responses against the transcribed Azure contract', () => {
    const conn = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/privateEndpointConnections/pe',
      name: 'pe',
      type: 'Microsoft.KeyVault/vaults/privateEndpointConnections',
      properties: { privateLinkServiceConnectionState: { status: 'Approved', actionsRequired: 'None' } },
    };
    expect(validator.check('PrivateEndpointConnections_Get', 200, 'application/json', conn)).toEqual([]);
    const wrong = { ...conn, properties: { privateLinkServiceConnectionState: { status: 'Accepted' } } };
    expect(validator.check('PrivateEndpointConnections_Get', 200, 'application/json', wrong).join()).toContain(
      '/properties/privateLinkServiceConnectionState/status',
    );
    expect(validator.check('PrivateEndpointConnections_Get', 204, undefined, undefined)).toEqual([]);
    expect(
      validator.check('GetKey', 404, 'application/json', { error: { code: 'KeyNotFound', message: 'x' } }),
    ).toEqual([]);
    expect(
      validator.check('GetKey', 200, 'application/json', { key: { kid: 'k', kty: 'RSA', colour: 'red' } }).length,
    ).toBe(1);
  });
});
