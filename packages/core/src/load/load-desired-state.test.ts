import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics.js';
import { loadDesiredState } from './load-desired-state.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temp folder holding `files` (relative path → content). */
async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-load-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

function project(projectId: string, name = 'p'): string {
  return [
    'apiVersion: atlas-cmk/v1',
    'kind: ProjectEncryption',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  projectId: ${projectId}`,
    '  azureKeyVault:',
    '    enabled: false',
    '',
  ].join('\n');
}

const where = (d: Diagnostic) => `${d.code} ${d.file}:${d.line}:${d.column}`;

describe('loadDesiredState: paths', () => {
  it('reads a file as given and keeps its relative path', async () => {
    const cwd = await folderWith({ 'a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa') });
    const result = await loadDesiredState(['a.yaml'], { cwd });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(['a.yaml']);
    expect(result.documents.map((d) => [d.file, d.index, d.project.spec.projectId])).toEqual([
      ['a.yaml', 0, 'aaaaaaaaaaaaaaaaaaaaaaaa'],
    ]);
  });

  it('walks folders recursively for *.yaml and *.yml, skipping node_modules and hidden entries', async () => {
    const cwd = await folderWith({
      'cfg/b.yml': project('bbbbbbbbbbbbbbbbbbbbbbbb'),
      'cfg/nested/a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa'),
      'cfg/notes.txt': 'not yaml',
      'cfg/node_modules/x.yaml': 'broken: [',
      'cfg/.hidden/x.yaml': 'broken: [',
      'cfg/.dot.yaml': 'broken: [',
    });
    const result = await loadDesiredState(['cfg'], { cwd });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(['cfg/b.yml', 'cfg/nested/a.yaml']);
    expect(result.documents.map((d) => d.project.spec.projectId)).toEqual([
      'bbbbbbbbbbbbbbbbbbbbbbbb',
      'aaaaaaaaaaaaaaaaaaaaaaaa',
    ]);
  });

  it('follows a symbolic link to a YAML file inside a folder', async () => {
    const cwd = await folderWith({ 'real/a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa'), 'cfg/keep.txt': '' });
    await symlink(join(cwd, 'real/a.yaml'), join(cwd, 'cfg/link.yaml'));
    const result = await loadDesiredState(['cfg'], { cwd });
    expect(result.files).toEqual(['cfg/link.yaml']);
  });

  it('expands globs to YAML files only, sorted, and de-duplicates files named twice', async () => {
    const cwd = await folderWith({
      'x/b.yaml': project('bbbbbbbbbbbbbbbbbbbbbbbb'),
      'x/a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa'),
      'x/readme.md': '# hi',
    });
    const result = await loadDesiredState(['x/*', 'x/a.yaml', 'x/**/*.yaml', join(cwd, 'x/b.yaml')], { cwd });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(['x/a.yaml', 'x/b.yaml']);
    expect(result.documents).toHaveLength(2);
  });

  it('reports io/no-files for a glob or folder that matches nothing and io/unreadable for a missing path', async () => {
    const cwd = await folderWith({ 'empty/readme.md': '# nothing', 'a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa') });
    const result = await loadDesiredState(['nope/*.yaml', 'empty', 'missing.yaml', 'a.yaml/child.yaml'], { cwd });
    expect(result.documents).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message])).toEqual([
      [
        'io/unreadable',
        'a.yaml/child.yaml',
        1,
        1,
        'a.yaml/child.yaml does not exist (a part of the path is a file, not a folder)',
      ],
      ['io/no-files', 'empty', 1, 1, 'the folder empty contains no YAML file (*.yaml, *.yml)'],
      ['io/unreadable', 'missing.yaml', 1, 1, 'missing.yaml does not exist'],
      ['io/no-files', 'nope/*.yaml', 1, 1, 'the pattern nope/*.yaml matches no YAML file (*.yaml, *.yml)'],
    ]);
  });

  it('returns nothing for no paths', async () => {
    expect(await loadDesiredState([])).toEqual({ documents: [], diagnostics: [], files: [] });
  });
});

describe('loadDesiredState: unreadable and empty input', () => {
  it('reports binary, non-UTF-8 and oversized files as io/unreadable', async () => {
    const cwd = await folderWith({
      'bin.yaml': Buffer.from([0x61, 0x00, 0x62]),
      'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
      'big.yaml': `a: "${'x'.repeat(4 * 1024 * 1024)}"\n`,
    });
    const result = await loadDesiredState(['bin.yaml', 'latin1.yaml', 'big.yaml'], { cwd });
    expect(result.diagnostics.map((d) => [where(d), d.message])).toEqual([
      ['io/unreadable big.yaml:1:1', 'big.yaml is too large (4194310 bytes; the limit is 4194304)'],
      ['io/unreadable bin.yaml:1:1', 'bin.yaml is a binary file, not YAML text'],
      ['io/unreadable latin1.yaml:1:1', 'latin1.yaml is not UTF-8 text'],
    ]);
  });

  it('reports a file that cannot be opened for reading', async () => {
    const cwd = await folderWith({ 'locked.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa') });
    await chmod(join(cwd, 'locked.yaml'), 0o000);
    const result = await loadDesiredState(['locked.yaml'], { cwd });
    // root reads any file regardless of its mode; everyone else gets a permission error.
    const isRoot = process.getuid?.() === 0;
    expect(result.diagnostics.map((d) => d.message)).toEqual(
      isRoot ? [] : ['locked.yaml cannot be read: permission denied'],
    );
    expect(result.documents).toHaveLength(isRoot ? 1 : 0);
  });

  it('makes a file without any document an error and an empty document between others a warning', async () => {
    const cwd = await folderWith({
      'empty.yaml': '',
      'comments.yaml': '# nothing here yet\n---\n# still nothing\n',
      'gap.yaml': `${project('aaaaaaaaaaaaaaaaaaaaaaaa')}---\n---\n${project('bbbbbbbbbbbbbbbbbbbbbbbb')}`,
    });
    const result = await loadDesiredState(['empty.yaml', 'comments.yaml', 'gap.yaml'], { cwd });
    expect(result.diagnostics.map((d) => [where(d), d.severity, d.message])).toEqual([
      [
        'yaml/empty comments.yaml:1:1',
        'error',
        'comments.yaml contains no YAML document; a desired-state file holds at least one ProjectEncryption document',
      ],
      [
        'yaml/empty empty.yaml:1:1',
        'error',
        'empty.yaml contains no YAML document; a desired-state file holds at least one ProjectEncryption document',
      ],
      ['yaml/empty gap.yaml:9:1', 'warning', 'document 2 of gap.yaml is empty; remove the extra --- separator'],
    ]);
    expect(result.documents.map((d) => d.index)).toEqual([0, 2]);
  });
});

describe('loadDesiredState: YAML', () => {
  it('reports syntax errors at the parser position and keeps the other documents of the file', async () => {
    const cwd = await folderWith({
      'multi.yaml': `${project('aaaaaaaaaaaaaaaaaaaaaaaa')}---\nspec: [1, 2\n---\n${project('bbbbbbbbbbbbbbbbbbbbbbbb')}`,
      'dup.yaml': 'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nkind: Other\n',
    });
    const result = await loadDesiredState(['multi.yaml', 'dup.yaml'], { cwd });
    expect(result.diagnostics.map((d) => [where(d), d.message])).toEqual([
      [
        'yaml/syntax dup.yaml:3:1',
        'YAML syntax error in document 1: This key appears twice in the same mapping: keep one of them.',
      ],
      [
        'yaml/syntax multi.yaml:11:1',
        'YAML syntax error in document 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ]);
    expect(result.documents.map((d) => [d.index, d.project.spec.projectId])).toEqual([
      [0, 'aaaaaaaaaaaaaaaaaaaaaaaa'],
      [2, 'bbbbbbbbbbbbbbbbbbbbbbbb'],
    ]);
  });

  it('never quotes source text in a syntax error, which could hold a secret', async () => {
    const cwd = await folderWith({
      'a.yaml': 'spec:\n  azureKeyVault:\n    secret: "s3cr3t-value\n',
      'b.yaml': 'secret: |s3cr3t-header\n  x\n',
      'c.yaml': 'secret: "s3cr3t\\qvalue"\n',
      'd.yaml': 'secret: !s3cr3t-tag value\n',
      'e.yaml': 'a: [1, 2]]s3cr3t\n',
    });
    const result = await loadDesiredState(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml'], { cwd });
    expect(result.diagnostics.length).toBeGreaterThanOrEqual(5);
    expect(new Set(result.diagnostics.map((d) => d.file))).toEqual(
      new Set(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml']),
    );
    const syntaxFiles = result.diagnostics.filter((d) => d.code === 'yaml/syntax').map((d) => d.file);
    // An unknown tag is only a parser warning: d.yaml loads, and is then not a desired-state document.
    expect(new Set(syntaxFiles)).toEqual(new Set(['a.yaml', 'b.yaml', 'c.yaml', 'e.yaml']));
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t|\\q/);
    expect(result.diagnostics.find((d) => d.file === 'c.yaml')?.message).toBe(
      'YAML syntax error in document 1: Invalid escape sequence in a double-quoted string',
    );
  });

  it('refuses an alias bomb without expanding it', async () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let level = 1; level <= 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const cwd = await folderWith({ 'bomb.yaml': `${lines.join('\n')}\n` });
    // CPU time of this process: a busy machine does not count against the bound, an expanded bomb would.
    const started = process.cpuUsage();
    const result = await loadDesiredState(['bomb.yaml'], { cwd });
    const spent = process.cpuUsage(started);
    expect((spent.user + spent.system) / 1000).toBeLessThan(5_000);
    expect(result.diagnostics.map((d) => [where(d), d.message])).toEqual([
      [
        'yaml/syntax bomb.yaml:1:1',
        'document 1 cannot be loaded: Excessive alias count indicates a resource exhaustion attack (at most 100 alias expansions are allowed)',
      ],
    ]);
  });

  it('reports a document that is not a mapping, such as a JSON list or prose', async () => {
    const cwd = await folderWith({ 'list.json': '[1, 2]\n', 'notes.md': 'Just some words\n' });
    const result = await loadDesiredState(['list.json', 'notes.md'], { cwd });
    expect(result.diagnostics.map((d) => [where(d), d.message])).toEqual([
      [
        'schema/invalid list.json:1:1',
        'document 1 must be a mapping with apiVersion, kind, metadata and spec; got a list',
      ],
      [
        'schema/invalid notes.md:1:1',
        'document 1 must be a mapping with apiVersion, kind, metadata and spec; got a string',
      ],
    ]);
  });
});

describe('loadDesiredState: projects', () => {
  it('reports a project described twice at the second document, naming the first', async () => {
    const cwd = await folderWith({
      'a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa', 'first'),
      'b.yaml': `${project('bbbbbbbbbbbbbbbbbbbbbbbb')}---\n${project('aaaaaaaaaaaaaaaaaaaaaaaa', 'second')}`,
    });
    const result = await loadDesiredState(['.'], { cwd });
    expect(result.diagnostics).toEqual([
      {
        code: 'project/duplicate',
        severity: 'error',
        message: 'project aaaaaaaaaaaaaaaaaaaaaaaa is already described in a.yaml:6:14; describe each project once',
        file: 'b.yaml',
        line: 15,
        column: 14,
        endLine: 15,
        endColumn: 38,
        projectId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      },
    ]);
    expect(result.documents.map((d) => d.project.metadata.name)).toEqual(['first', 'p']);
  });

  it('reports unknown apiVersion and kind at their values and does not validate such documents further', async () => {
    const cwd = await folderWith({
      'k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}\n',
      'future.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa').replace('atlas-cmk/v1', 'atlas-cmk/v2'),
      'other.yaml': '# another tool\nservices:\n  web: {image: nginx}\n',
    });
    const result = await loadDesiredState(['k8s.yaml', 'future.yaml', 'other.yaml'], { cwd });
    expect(result.diagnostics.map((d) => [where(d), d.message, d.projectId])).toEqual([
      [
        'schema/unknown-kind future.yaml:1:13',
        'apiVersion "atlas-cmk/v2" is not known to atlas-cmk; use apiVersion: atlas-cmk/v1',
        'aaaaaaaaaaaaaaaaaaaaaaaa',
      ],
      [
        'schema/unknown-kind k8s.yaml:1:13',
        'apiVersion "v1" is not known to atlas-cmk; use apiVersion: atlas-cmk/v1',
        undefined,
      ],
      [
        'schema/unknown-kind k8s.yaml:2:7',
        'kind "ConfigMap" is not known to atlas-cmk; use kind: ProjectEncryption',
        undefined,
      ],
      [
        'schema/unknown-kind other.yaml:2:1',
        'document 1 has no apiVersion and kind; a desired-state document starts with apiVersion: atlas-cmk/v1 and kind: ProjectEncryption',
        undefined,
      ],
    ]);
    expect(result.documents).toEqual([]);
  });

  it("skips other tools' YAML found by a folder walk or glob, but judges files named directly", async () => {
    const cwd = await folderWith({
      'cfg/app.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa'),
      'cfg/workflow.yml': 'on: push\njobs:\n  check: {runs-on: ubuntu-latest}\n',
      'cfg/k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
      'cfg/playbook.yaml': '- hosts: all\n',
      'cfg/next.yaml': project('bbbbbbbbbbbbbbbbbbbbbbbb').replace('atlas-cmk/v1', 'atlas-cmk/v2'),
      'cfg/typo.yaml': 'apiVersoin: atlas-cmk/v1\nkind: ProjectEncryption\n',
    });
    const scanned = await loadDesiredState(['cfg'], { cwd });
    expect(scanned.diagnostics.map((d) => [where(d), d.severity, d.message])).toEqual([
      [
        'schema/unknown-kind cfg/k8s.yaml:1:1',
        'info',
        'document 1 is skipped: it has apiVersion "v1" and kind "ConfigMap", so it is not an atlas-cmk document',
      ],
      [
        'schema/unknown-kind cfg/next.yaml:1:13',
        'error',
        'apiVersion "atlas-cmk/v2" is not known to atlas-cmk; use apiVersion: atlas-cmk/v1',
      ],
      [
        'schema/unknown-kind cfg/playbook.yaml:1:1',
        'info',
        'document 1 is skipped: it is a list, not a mapping, so it is not an atlas-cmk document',
      ],
      ['schema/invalid cfg/typo.yaml:1:1', 'error', 'apiVersion is required'],
      ['schema/invalid cfg/typo.yaml:1:1', 'error', 'metadata is required'],
      ['schema/invalid cfg/typo.yaml:1:1', 'error', 'spec is required'],
      ['schema/invalid cfg/typo.yaml:1:1', 'error', 'unknown field apiVersoin (did you mean apiVersion?)'],
      [
        'schema/unknown-kind cfg/workflow.yml:1:1',
        'info',
        'document 1 is skipped: it has no apiVersion and kind, so it is not an atlas-cmk document',
      ],
    ]);
    expect(scanned.documents.map((d) => d.file)).toEqual(['cfg/app.yaml']);
    const named = await loadDesiredState(['cfg/*.yml', 'cfg/workflow.yml', 'cfg/k8s.yaml'], { cwd });
    expect(named.diagnostics.map((d) => [where(d), d.severity])).toEqual([
      ['schema/unknown-kind cfg/k8s.yaml:1:13', 'error'],
      ['schema/unknown-kind cfg/k8s.yaml:2:7', 'error'],
      ['schema/unknown-kind cfg/workflow.yml:1:1', 'error'],
    ]);
  });

  it('locates any path of a loaded document, falling back to the nearest existing ancestor', async () => {
    const cwd = await folderWith({ 'a.yaml': `# comment\n${project('aaaaaaaaaaaaaaaaaaaaaaaa')}` });
    const [document] = (await loadDesiredState(['a.yaml'], { cwd })).documents;
    expect(document?.locate(['spec', 'azureKeyVault', 'enabled'])).toEqual({
      file: 'a.yaml',
      line: 9,
      column: 14,
      endLine: 9,
      endColumn: 19,
    });
    expect(document?.locate(['spec', 'azureKeyVault', 'keyIdentifier'])).toMatchObject({ line: 9, column: 5 });
    expect(document?.locate(['spec', 'clusters', 3, 'name'])).toMatchObject({ line: 7, column: 3 });
    expect(document?.locate([])).toMatchObject({ line: 2, column: 1 });
  });
});

describe('loadDesiredState: fast and careful parsing agree', () => {
  it('judges values as YAML 1.2 core does, where js-yaml would read a number', async () => {
    const cwd = await folderWith({ 'a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa', '0b101') });
    const result = await loadDesiredState(['a.yaml'], { cwd });
    expect(result.diagnostics).toEqual([]);
    expect(result.documents[0]?.project.metadata.name).toBe('0b101');
  });

  it('loads documents that use anchors and aliases, with their positions', async () => {
    const text = [
      'apiVersion: atlas-cmk/v1',
      'kind: ProjectEncryption',
      'metadata: {name: &name orders}',
      'spec:',
      '  projectId: aaaaaaaaaaaaaaaaaaaaaaaa',
      '  azureKeyVault: {enabled: false}',
      '  clusters:',
      '    - {name: *name, encryptionAtRest: true}',
      '',
    ].join('\n');
    const cwd = await folderWith({ 'a.yaml': text });
    const result = await loadDesiredState(['a.yaml'], { cwd });
    expect(result.diagnostics).toEqual([]);
    expect(result.documents[0]?.project.spec.clusters).toEqual([{ name: 'orders', encryptionAtRest: true }]);
    expect(result.documents[0]?.locate(['spec', 'clusters', 0, 'name'])).toMatchObject({ line: 8, column: 14 });
  });

  it('locates a clean document lazily, from what was loaded: a file removed since changes nothing', async () => {
    const cwd = await folderWith({
      'a.yaml': project('aaaaaaaaaaaaaaaaaaaaaaaa'),
      'b.yaml': project('bbbbbbbbbbbbbbbbbbbbbbbb'),
    });
    const [a, b] = (await loadDesiredState(['a.yaml', 'b.yaml'], { cwd })).documents;
    expect(a?.locate(['spec', 'projectId'])).toEqual({
      file: 'a.yaml',
      line: 6,
      column: 14,
      endLine: 6,
      endColumn: 38,
    });
    await rm(join(cwd, 'a.yaml'));
    await rm(join(cwd, 'b.yaml'));
    // a.yaml was located before it was removed; b.yaml never was: both answer from the loaded text.
    expect(a?.locate(['spec', 'azureKeyVault'])).toMatchObject({ file: 'a.yaml', line: 8, column: 5 });
    expect(b?.locate(['spec', 'projectId'])).toMatchObject({ file: 'b.yaml', line: 6, column: 14 });
  });
});
