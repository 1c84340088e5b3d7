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
});
