import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDesiredState } from './load-desired-state.js';
import { parseSecretSource, resolveSecret, secretFileRoot } from './secret-source.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-secret-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseSecretSource', () => {
  it('recognises environment and file references and drops anything else', () => {
    expect(parseSecretSource('${env:AZURE_CLIENT_SECRET}')).toEqual({
      kind: 'env',
      name: 'AZURE_CLIENT_SECRET',
      raw: '${env:AZURE_CLIENT_SECRET}',
    });
    expect(parseSecretSource('${file:./secrets/azure.txt}')).toEqual({
      kind: 'file',
      path: './secrets/azure.txt',
      raw: '${file:./secrets/azure.txt}',
    });
    expect(parseSecretSource('hunter2')).toEqual({ kind: 'literal' });
    expect(parseSecretSource('${env:NOT-A-NAME}')).toEqual({ kind: 'literal' });
    expect(parseSecretSource('prefix ${env:X}')).toEqual({ kind: 'literal' });
  });
});

describe('resolveSecret', () => {
  it('reads an environment variable', () => {
    const source = parseSecretSource('${env:S}');
    expect(resolveSecret(source, { env: { S: 'value-1' }, baseDir: dir })).toEqual({ ok: true, value: 'value-1' });
    expect(resolveSecret(source, { env: {}, baseDir: dir })).toEqual({
      ok: false,
      message: 'environment variable S is not set (needed by ${env:S})',
    });
    expect(resolveSecret(source, { env: { S: '' }, baseDir: dir })).toEqual({
      ok: false,
      message: 'environment variable S is empty (needed by ${env:S})',
    });
  });

  it('reads a file relative to the desired-state folder, without one trailing newline', async () => {
    await writeFile(join(dir, 'crlf.txt'), 'value-2\r\n');
    await writeFile(join(dir, 'two.txt'), 'value-3\n\n');
    await writeFile(join(dir, 'empty.txt'), '\n');
    const env = {};
    expect(resolveSecret(parseSecretSource('${file:crlf.txt}'), { env, baseDir: dir })).toEqual({
      ok: true,
      value: 'value-2',
    });
    expect(resolveSecret(parseSecretSource('${file:two.txt}'), { env, baseDir: dir })).toEqual({
      ok: true,
      value: 'value-3\n',
    });
    expect(resolveSecret(parseSecretSource('${file:empty.txt}'), { env, baseDir: dir })).toEqual({
      ok: false,
      message: `secret file ${join(dir, 'empty.txt')} is empty (needed by \${file:empty.txt})`,
    });
    expect(resolveSecret(parseSecretSource('${file:nope.txt}'), { env, baseDir: dir })).toEqual({
      ok: false,
      message: `secret file ${join(dir, 'nope.txt')} does not exist (needed by \${file:nope.txt})`,
    });
  });

  it('resolves ${file:…} only inside the repository root (symlinks followed), or the file folder outside git', async () => {
    const repo = join(dir, 'repo');
    await mkdir(join(repo, '.git'), { recursive: true });
    await mkdir(join(repo, 'atlas', 'prod'), { recursive: true });
    await writeFile(join(repo, 'secret.txt'), 'in-repo\n');
    await writeFile(join(dir, 'outside.txt'), 'canary-outside-value\n');
    await symlink(join(dir, 'outside.txt'), join(repo, 'atlas', 'prod', 'link.txt'));
    const env = {};
    const baseDir = join(repo, 'atlas', 'prod');
    expect(secretFileRoot(baseDir)).toBe(repo);
    expect(resolveSecret(parseSecretSource('${file:../../secret.txt}'), { env, baseDir })).toEqual({
      ok: true,
      value: 'in-repo',
    });
    for (const ref of ['${file:../../../outside.txt}', '${file:link.txt}', `\${file:${join(dir, 'outside.txt')}}`]) {
      const result = resolveSecret(parseSecretSource(ref), { env, baseDir });
      expect(result, ref).toEqual({
        ok: false,
        message: `secret file ${ref} resolves to ${join(dir, 'outside.txt')}, outside ${repo}; keep secret files in the repository, or allow this one with --allow-secret-file ${join(dir, 'outside.txt')}`,
      });
    }
    expect(
      resolveSecret(parseSecretSource('${file:link.txt}'), { env, baseDir, allowedFiles: [join(dir, 'outside.txt')] }),
    ).toEqual({ ok: true, value: 'canary-outside-value' });
    // Outside git the desired-state file's own folder is the root.
    const loose = join(dir, 'loose');
    await mkdir(join(loose, 'sub'), { recursive: true });
    await writeFile(join(loose, 'sub', 's.txt'), 'sub\n');
    expect(resolveSecret(parseSecretSource('${file:sub/s.txt}'), { env, baseDir: loose })).toEqual({
      ok: true,
      value: 'sub',
    });
    expect(resolveSecret(parseSecretSource('${file:../outside.txt}'), { env, baseDir: loose })).toMatchObject({
      ok: false,
    });
  });

  it('refuses a literal secret without revealing anything', () => {
    const result = resolveSecret({ kind: 'literal' }, { env: {}, baseDir: dir });
    expect(result).toEqual({
      ok: false,
      message: 'the secret is written in the desired-state file itself; replace it with ${env:NAME} or ${file:path}',
    });
  });
});

describe('loading secrets', () => {
  it('keeps references and drops a literal secret from everything loading returns', async () => {
    const doc = (id: string, secret: string) =>
      [
        'apiVersion: atlas-cmk/v1',
        'kind: ProjectEncryption',
        'metadata: {name: p}',
        'spec:',
        `  projectId: ${id}`,
        '  azureKeyVault:',
        '    enabled: false',
        '    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6',
        '    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c',
        `    secret: ${secret}`,
      ].join('\n');
    await writeFile(
      join(dir, 's.yaml'),
      [
        doc('aaaaaaaaaaaaaaaaaaaaaaaa', 'Xq9~literal.Secret.Value'),
        doc('bbbbbbbbbbbbbbbbbbbbbbbb', '${env:AZURE_CLIENT_SECRET}'),
        doc('cccccccccccccccccccccccc', '${file:azure.txt}'),
      ].join('\n---\n'),
    );
    const result = await loadDesiredState(['s.yaml'], { cwd: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.documents.map((d) => d.project.spec.azureKeyVault.secret)).toEqual([
      { kind: 'literal' },
      { kind: 'env', name: 'AZURE_CLIENT_SECRET', raw: '${env:AZURE_CLIENT_SECRET}' },
      { kind: 'file', path: 'azure.txt', raw: '${file:azure.txt}' },
    ]);
    expect(JSON.stringify(result)).not.toContain('literal.Secret');
    // The policy engine locates the literal through the document.
    expect(result.documents[0]?.locate(['spec', 'azureKeyVault', 'secret'])).toEqual({
      file: 's.yaml',
      line: 10,
      column: 13,
      endLine: 10,
      endColumn: 37,
    });
  });
});
