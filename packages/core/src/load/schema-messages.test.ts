import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from './load-desired-state.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-schema-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads `text` as one file and returns `line:column message` for each diagnostic. */
async function problems(text: string): Promise<string[]> {
  await writeFile(join(dir, 'p.yaml'), text);
  const result = await loadDesiredState(['p.yaml'], { cwd: dir });
  return result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);
}

const head = 'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nmetadata:\n  name: p\n';

describe('schema diagnostics', () => {
  it('names the missing top-level fields at the document start', async () => {
    expect(await problems('apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\n')).toEqual([
      'schema/invalid 1:1 metadata is required',
      'schema/invalid 1:1 spec is required',
    ]);
  });

  it('points a missing field at the key of the mapping that lacks it', async () => {
    const text = `${head}spec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault:\n    enabled: true\n    roleId: 66c9e8f1dd6c9960802420e9\n    resourceGroupName: rg\n    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2\n    keyIdentifier: https://kv.vault.azure.net/keys/k/1\n`;
    expect(await problems(text)).toEqual([
      'schema/invalid 7:3 spec.azureKeyVault.keyVaultName is required when enabled is true',
    ]);
  });

  it('explains wrong values at the value node, with the allowed values', async () => {
    const text = `${head}spec:
  projectId: 66C9E8F1DD6C9960802420E9
  azureKeyVault:
    enabled: yes
    roleId: 66c9e8f1dd6c9960802420e9
  privateEndpoints:
    regions: [US_CENTRAL, US_EAST2]
    approval: auto
  clusters:
    - name: orders
      encryptionAtRest: "true"
  waivers:
    - rule: cmk/no-inline-secret
      reason: ""
      expires: 31/03/2027
`;
    expect(await problems(text)).toEqual([
      'schema/invalid 6:14 spec.projectId must be a 24-digit lower-case hexadecimal Atlas project id such as 66c9e8f1dd6c9960802420e9; got "66C9E8F1DD6C9960802420E9"',
      'schema/invalid 8:14 spec.azureKeyVault.enabled must be true or false; got "yes"',
      'schema/invalid 11:27 spec.privateEndpoints.regions[1] must be an Atlas Azure region name such as "US_CENTRAL" or "US_EAST" (the schema lists all 56); got "US_EAST2" (did you mean "US_EAST_2"?)',
      'schema/invalid 12:15 spec.privateEndpoints.approval must be one of "manual", "azure"; got "auto"',
      'schema/invalid 15:25 spec.clusters[0].encryptionAtRest must be true or false; got "true"',
      'schema/invalid 18:15 spec.waivers[0].reason must not be empty; expected a non-empty reason',
      'schema/invalid 19:16 spec.waivers[0].expires must be a date written YYYY-MM-DD; got "31/03/2027"',
    ]);
  });

  it('points an unknown field at its key and suggests the closest known name', async () => {
    const text = `${head}spec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault:\n    enabled: false\n    keyVaultname: kv\n  colour: blue\n`;
    expect(await problems(text)).toEqual([
      'schema/invalid 9:5 unknown field spec.azureKeyVault.keyVaultname (did you mean keyVaultName?)',
      'schema/invalid 10:3 unknown field spec.colour; allowed fields are projectId, azureKeyVault, enabledForSearchNodes, privateEndpoints, clusters, waivers',
    ]);
  });

  it('explains the two ways to authenticate', async () => {
    const base = `${head}spec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault:\n    enabled: true\n    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2\n    resourceGroupName: rg\n    keyVaultName: kv\n    keyIdentifier: https://kv.vault.azure.net/keys/k/1\n`;
    expect(await problems(base)).toEqual([
      'schema/invalid 7:3 spec.azureKeyVault needs credentials when enabled is true: roleId, or clientID, tenantID and secret',
    ]);
    expect(await problems(`${base}    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6\n`)).toEqual([
      'schema/invalid 7:3 spec.azureKeyVault.tenantID is required because clientID is set',
      'schema/invalid 7:3 spec.azureKeyVault.secret is required because clientID is set',
    ]);
    expect(
      await problems(
        `${base}    roleId: 66c9e8f1dd6c9960802420e9\n    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6\n    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c\n    secret: \${env:S}\n`,
      ),
    ).toEqual([
      'schema/invalid 7:3 spec.azureKeyVault sets both roleId and clientID; authenticate with roleId, or with clientID, tenantID and secret, not both',
    ]);
  });

  it('names the expected shape for a wrong type, at the value or at the key of an empty value', async () => {
    expect(
      await problems(`${head}spec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault: enabled\n  clusters:\n`),
    ).toEqual([
      'schema/invalid 7:18 spec.azureKeyVault must be a mapping (key: value lines); got "enabled"',
      'schema/invalid 8:3 spec.clusters must be a list; got an empty value',
    ]);
  });

  it('never quotes a secret value, even in a type error', async () => {
    const text = `${head}spec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault:\n    enabled: false\n    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6\n    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c\n    secret: 918273645\n`;
    const found = await problems(text);
    expect(found).toEqual(['schema/invalid 11:13 spec.azureKeyVault.secret must be a string; got a number']);
    expect(found.join('\n')).not.toContain('918273645');
  });

  it('accepts a literal secret (the policy reports it) and includes the projectId in diagnostics', async () => {
    const text = `${head}spec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault:\n    enabled: false\n    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6\n    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c\n    secret: hunter2\n  clusters:\n    - {name: a, encryptionAtRest: true}\n    - {name: a, encryptionAtRest: false}\n`;
    await writeFile(join(dir, 'p.yaml'), text);
    const result = await loadDesiredState(['p.yaml'], { cwd: dir });
    expect(result.diagnostics).toEqual([
      {
        code: 'schema/invalid',
        severity: 'error',
        message: 'cluster a is listed twice in spec.clusters (first at line 13); list each cluster once',
        file: 'p.yaml',
        line: 14,
        column: 14,
        endLine: 14,
        endColumn: 15,
        projectId: '66c9e8f1dd6c9960802420e9',
      },
    ]);
  });

  it('writes every message as a sentence without ajv wording', async () => {
    const text = `${head}spec:\n  projectId: 1\n  azureKeyVault: {enabled: 1, extra: 2, azureEnvironment: AZURE_GERMANY}\n  privateEndpoints: {regions: [1]}\n  waivers: [{}]\n`;
    const found = await problems(text);
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const line of found) {
      expect(line).not.toMatch(/must have required property|must NOT have|must match|must be equal to|schemaPath|#\//);
      expect(line).toMatch(/^schema\/invalid \d+:\d+ (unknown field )?spec\./);
    }
  });
});
