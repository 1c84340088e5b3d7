import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from './load-desired-state.js';
import { parseYamlFile } from './parse-yaml.js';
import { loadYamlModule } from './yaml-module.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (id: string): string =>
  `apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nmetadata:\n  name: p-${id}\nspec:\n  projectId: ${id}\n  azureKeyVault:\n    enabled: false\n`;

describe('fast-path document locations', () => {
  it('places each document where the position-tracking parser does, without parsing the file again', async () => {
    const text = [
      '# yaml-language-server: $schema=x.json',
      '',
      doc('66c9e8f1dd6c9960802420e1'),
      '--- # the second project',
      '',
      '# a comment before it',
      doc('66c9e8f1dd6c9960802420e2'),
      '---',
      doc('66c9e8f1dd6c9960802420e3'),
    ].join('\n');
    const file = join(dir, 'many.yaml');
    writeFileSync(file, text);
    const loaded = await loadDesiredState([file]);
    expect(loaded.diagnostics).toEqual([]);
    const careful = parseYamlFile(text, file, loadYamlModule()).documents;
    expect(loaded.documents).toHaveLength(3);
    for (const [i, d] of loaded.documents.entries()) {
      const expected = careful[i]!.positions!.locate([]);
      expect(d.locate([])).toMatchObject({ line: expected.line, column: expected.column });
    }
    expect(loaded.documents.map((d) => d.locate([]).line)).toEqual([3, 15, 25]);
  });

  it('locates nodes from the loaded text, never from the file: locations travel as data', async () => {
    const file = join(dir, 'moving.yaml');
    const text = `${doc('66c9e8f1dd6c9960802420e4')}    keyVaultName: kv-one\n`;
    writeFileSync(file, text);
    const loaded = await loadDesiredState([file]);
    expect(loaded.documents).toHaveLength(1);
    // The file is rewritten (and then removed) after loading: locate must still answer from what was loaded.
    writeFileSync(file, `# moved\n\n\n${text}`);
    rmSync(file);
    expect(loaded.documents[0]!.locate(['spec', 'azureKeyVault', 'keyVaultName'])).toMatchObject({
      line: 9,
      column: 19,
    });
  });

  it('sends a document holding a literal secret to the careful path, so no text with a secret is kept', async () => {
    const file = join(dir, 'literal.yaml');
    writeFileSync(
      file,
      `${doc('66c9e8f1dd6c9960802420e5')}    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6\n    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c\n    secret: not-a-reference\n`,
    );
    const loaded = await loadDesiredState([file]);
    expect(loaded.documents[0]!.project.spec.azureKeyVault.secret).toEqual({ kind: 'literal' });
    expect(loaded.documents[0]!.locate(['spec', 'azureKeyVault', 'secret'])).toMatchObject({ line: 11, column: 13 });
  });
});
