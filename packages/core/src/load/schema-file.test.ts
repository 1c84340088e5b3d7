import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from './load-desired-state.js';
import { desiredStateSchemaId, desiredStateSchemaPath, readDesiredStateSchema } from './schema-path.js';
import type { SchemaNode } from './schema-path.js';
import { compileDesiredStateValidator } from './validator.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = join(packageRoot, '../..');
const examples = ['examples/payments-prod.yaml', 'examples/analytics-dev.yaml'];

/** Every property schema of the desired-state schema, with its dotted location. */
function fields(node: SchemaNode, at: string): [string, SchemaNode][] {
  const children: [string, SchemaNode][] = [];
  for (const [name, child] of Object.entries((node['properties'] ?? {}) as Record<string, SchemaNode>)) {
    children.push([`${at}.${name}`, child], ...fields(child, `${at}.${name}`));
  }
  const items = node['items'] as SchemaNode | undefined;
  if (items) children.push([`${at}[]`, items], ...fields(items, `${at}[]`));
  return children;
}

describe('the published desired-state schema', () => {
  it('is a valid draft-07 JSON Schema that compiles in ajv strict mode', async () => {
    const schema = readDesiredStateSchema();
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['$id']).toBe(desiredStateSchemaId);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema)).toBe(true);
    await expect(compileDesiredStateValidator(schema)).resolves.toBeTypeOf('function');
  });

  it('documents every field for editors', () => {
    const all = fields(readDesiredStateSchema(), '');
    expect(all.length).toBeGreaterThan(30);
    for (const [where, node] of all) {
      expect.soft(typeof node['description'], `${where} description`).toBe('string');
      expect.soft(typeof node['markdownDescription'], `${where} markdownDescription`).toBe('string');
      if (!where.startsWith('.metadata.labels')) expect.soft(typeof node['title'], `${where} title`).toBe('string');
    }
  });

  it('lists the enumerations and defaults of the format', () => {
    const byPath = new Map(fields(readDesiredStateSchema(), ''));
    expect(byPath.get('.spec.azureKeyVault.azureEnvironment')).toMatchObject({
      enum: ['AZURE', 'AZURE_CHINA', 'AZURE_US_GOVERNMENT'],
      default: 'AZURE',
    });
    expect(byPath.get('.spec.privateEndpoints.approval')).toMatchObject({
      enum: ['manual', 'azure'],
      default: 'manual',
    });
    const regions = byPath.get('.spec.privateEndpoints.regions[]')?.['enum'];
    expect(regions).toHaveLength(56);
    expect(regions).toEqual(
      expect.arrayContaining(['US_CENTRAL', 'EUROPE_NORTH', 'US_EAST_2', 'US_GOV_VIRGINIA', 'NEW_ZEALAND_NORTH']),
    );
    expect(byPath.get('.spec.azureKeyVault.secret')).toEqual(
      expect.not.objectContaining({ pattern: expect.anything() }),
    );
  });

  it('is exported by path and by package subpath', async () => {
    expect(desiredStateSchemaPath).toBe(join(packageRoot, 'schema/project-encryption.v1.schema.json'));
    const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
      files: string[];
    };
    expect(manifest.exports['./schema/*']).toBe('./schema/*');
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'schema', 'generated']));
  });

  it('accepts the examples, which point editors at it', async () => {
    const validate = await compileDesiredStateValidator(readDesiredStateSchema());
    for (const example of examples) {
      const text = await readFile(join(repoRoot, example), 'utf8');
      expect(text.split('\n', 1)[0]).toBe(
        '# yaml-language-server: $schema=../packages/core/schema/project-encryption.v1.schema.json',
      );
      expect(validate(parse(text)), example).toBe(true);
    }
    const result = await loadDesiredState(examples, { cwd: repoRoot });
    expect(result.diagnostics).toEqual([]);
    expect(result.documents.map((d) => [d.project.metadata.name, d.project.spec.projectId])).toEqual([
      ['analytics-dev', '66c9e8f1dd6c9960802420f0'],
      ['payments-prod', '66c9e8f1dd6c9960802420e9'],
    ]);
    expect(result.documents[1]?.project.spec).toEqual({
      projectId: '66c9e8f1dd6c9960802420e9',
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
        tenantID: '1f6ef922-9303-402a-bae2-cc68810b023c',
        secret: { kind: 'env', name: 'AZURE_CLIENT_SECRET', raw: '${env:AZURE_CLIENT_SECRET}' },
        subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        resourceGroupName: 'rg-payments',
        keyVaultName: 'kv-payments',
        keyIdentifier: 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
        requirePrivateNetworking: true,
      },
      privateEndpoints: { regions: ['US_CENTRAL', 'EUROPE_NORTH'], approval: 'azure' },
      clusters: [{ name: 'orders', encryptionAtRest: true }],
      waivers: [
        {
          rule: 'cmk/endpoint-regions-cover-clusters',
          reason: 'EU nodes are being retired in Q1',
          expires: '2027-03-31',
        },
      ],
    });
  });

  it('leaves the examples folder clean for check: other YAML in it is skipped', async () => {
    const result = await loadDesiredState(['examples'], { cwd: repoRoot });
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(result.documents.map((d) => d.project.metadata.name)).toEqual(
      expect.arrayContaining(['payments-prod', 'analytics-dev']),
    );
  });

  it('applies defaults and removes duplicate regions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-defaults-'));
    try {
      await writeFile(
        join(dir, 'd.yaml'),
        'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nmetadata: {name: d}\nspec:\n  projectId: 66c9e8f1dd6c9960802420e9\n  azureKeyVault: {enabled: false}\n  privateEndpoints:\n    regions: [US_EAST_2, US_CENTRAL, US_EAST_2]\n',
      );
      const [document] = (await loadDesiredState(['d.yaml'], { cwd: dir })).documents;
      expect(document?.project.spec).toEqual({
        projectId: '66c9e8f1dd6c9960802420e9',
        azureKeyVault: { enabled: false, azureEnvironment: 'AZURE', requirePrivateNetworking: false },
        privateEndpoints: { regions: ['US_EAST_2', 'US_CENTRAL'], approval: 'manual' },
        clusters: [],
        waivers: [],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the build-time standalone validator', () => {
  it('is generated by the build script and judges documents exactly like the compiled schema', async () => {
    // Written under node_modules so the generated code resolves ajv's runtime helpers as it does in generated/.
    const out = await mkdtemp(join(packageRoot, 'node_modules', '.generated-'));
    try {
      await promisify(execFile)(process.execPath, [join(packageRoot, 'scripts/generate-validator.mjs'), out]);
      const generated = (await import(pathToFileURL(join(out, 'validate-desired-state.js')).href)) as {
        default: { (data: unknown): boolean; errors?: unknown[] | null };
      };
      const compiled = await compileDesiredStateValidator(readDesiredStateSchema());
      const samples: unknown[] = [
        ...(await Promise.all(
          examples.map(async (example) => parse(await readFile(join(repoRoot, example), 'utf8')) as unknown),
        )),
        {},
        {
          apiVersion: 'atlas-cmk/v1',
          kind: 'ProjectEncryption',
          metadata: { name: '' },
          spec: { projectId: 'x', azureKeyVault: { enabled: true, clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6' } },
        },
        {
          apiVersion: 'atlas-cmk/v1',
          kind: 'ProjectEncryption',
          metadata: { name: 'n' },
          spec: { projectId: '66c9e8f1dd6c9960802420e9', azureKeyVault: 'x', privateEndpoints: { regions: ['MARS'] } },
        },
      ];
      for (const sample of samples) {
        const expected = compiled(sample);
        expect(generated.default(sample)).toBe(expected);
        expect(generated.default.errors ?? null).toEqual(compiled.errors ?? null);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
