import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, hasStackTrace, runCli } from './run-cli.js';

const CANARY_SECRET = 'canary-secret-Zq8~xV1.u9!';

const VALID = `apiVersion: atlas-cmk/v1
kind: ProjectEncryption
metadata:
  name: payments-prod
spec:
  projectId: 66c9e8f1dd6c9960802420e9
  azureKeyVault:
    enabled: true
    azureEnvironment: AZURE
    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6
    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c
    secret: \${env:AZURE_CLIENT_SECRET}
    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2
    resourceGroupName: rg-payments
    keyVaultName: kv-payments
    keyIdentifier: https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f
    requirePrivateNetworking: true
  privateEndpoints:
    regions: [US_CENTRAL, EUROPE_NORTH]
    approval: manual
  clusters:
    - name: orders
      encryptionAtRest: true
`;

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  projectId: string | null;
}

let dir: string;
function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}
async function checkJson(
  args: string[],
): Promise<{ code: number | null; findings: JsonFinding[]; stderr: string; stdout: string }> {
  const r = await runCli(['check', '--format', 'json', ...args], { cwd: dir });
  const findings = r.stdout ? ((JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings ?? []) : [];
  return { code: r.code, findings, stderr: r.stderr, stdout: r.stdout };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atlas-cmk check', () => {
  it('passes the shipped examples', async () => {
    const r = await runCli(['check', 'examples/']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/no problems/);
    expect(r.code).toBe(0);
  });

  it('reports a literal secret located, under its rule, without printing the value', async () => {
    const file = write('literal/secret.yaml', VALID.replace('${env:AZURE_CLIENT_SECRET}', CANARY_SECRET));
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = await runCli(['check', '--format', format, file], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(CANARY_SECRET);
      expect(r.stdout).toContain('cmk/no-inline-secret');
    }
    const { findings } = await checkJson([file]);
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'cmk/no-inline-secret',
        severity: 'error',
        line: 12,
        column: 13,
        projectId: '66c9e8f1dd6c9960802420e9',
      }),
    );
  });

  it('reports a YAML syntax error at its line and column', async () => {
    const file = write('syntax.yaml', 'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nmetadata: {name: x\n');
    const r = await checkJson([file]);
    expect(r.code).toBe(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'yaml/syntax', file: expect.stringContaining('syntax.yaml') });
    expect(r.findings[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('explains a schema error in plain words, naming the field and the allowed values', async () => {
    const file = write('schema.yaml', VALID.replace('approval: manual', 'approval: auto'));
    const r = await checkJson([file]);
    expect(r.code).toBe(1);
    const f = r.findings.find((x) => x.ruleId === 'schema/invalid');
    expect(f).toMatchObject({ line: 20, column: 15 });
    expect(f!.message).toContain('approval');
    expect(f!.message).toContain('manual');
    expect(f!.message).toContain('azure');
    expect(f!.message).not.toMatch(/must be equal to one of the allowed values|instancePath|#\//);
  });

  it('reports one YAML syntax error once, at its line, in plain words; a tab once, wherever tabs indent', async () => {
    const indented = write('syntax/indent.yaml', VALID.replace('  azureKeyVault:', '   azureKeyVault:'));
    const tabbed = write('syntax/tabs.yaml', VALID.replace(/^ {2}(?=\S)/gm, '\t').replace(/^\t {2}/gm, '\t\t'));
    const r = await checkJson([indented, tabbed]);
    expect(r.code).toBe(1);
    const syntax = r.findings.filter((f) => f.ruleId === 'yaml/syntax');
    expect(syntax.map((f) => [f.file.endsWith('indent.yaml'), f.line, f.column])).toEqual([
      [true, 7, 4],
      [false, 4, 1],
    ]);
    expect(syntax[0]!.message).toContain('This line is indented further than the key above it');
    expect(syntax[1]!.message).toContain('Tabs cannot indent YAML: indent with spaces instead');
    expect(r.findings).toHaveLength(2);
  });

  it('flags unknown kinds, empty files, binary files and unreadable paths without a stack trace', async () => {
    const unknown = write(
      'bad/unknown.yaml',
      'apiVersion: atlas-cmk/v1\nkind: ClusterEncryption\nmetadata: {name: x}\n',
    );
    const empty = write('bad/empty.yaml', '');
    const binary = write('bad/binary.yaml', Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x01, 0x02]));
    const r = await checkJson([unknown, empty]);
    expect(r.code).toBe(1);
    const codes = r.findings.map((f) => f.ruleId);
    expect(codes).toContain('schema/unknown-kind');
    expect(codes).toContain('yaml/empty');
    expect(r.findings.find((f) => f.ruleId === 'schema/unknown-kind')).toMatchObject({ line: 2, column: 7 });
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);

    // A file that cannot be read as YAML text is a tool error (exit 2), still reported with its location.
    const bin = await checkJson([binary]);
    expect(bin.code).toBe(2);
    expect(bin.findings[0]).toMatchObject({ ruleId: 'io/unreadable', line: 1, column: 1 });
    expect(bin.findings[0]!.message).toContain('binary');

    const missing = await runCli(['check', join(dir, 'does-not-exist.yaml')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).toContain('does-not-exist.yaml');
    expect(hasStackTrace(missing.stdout + missing.stderr)).toBe(false);
  });

  it("with --skip-other-yaml, skips another tool's YAML named one by one and still judges atlas-cmk documents", async () => {
    const workflow = write('hook/ci.yaml', 'name: ci\non: push\njobs: {}\n');
    const good = write('hook/good.yaml', VALID);
    const plain = await checkJson([workflow, good]);
    expect(plain.findings.find((f) => f.ruleId === 'schema/unknown-kind')).toMatchObject({ severity: 'error' });
    expect(plain.code).toBe(1);

    const skipping = await checkJson(['--skip-other-yaml', workflow, good]);
    expect(skipping.findings.map((f) => [f.ruleId, f.severity])).toEqual([['schema/unknown-kind', 'info']]);
    expect(skipping.code).toBe(0);

    // An atlas-cmk document with a wrong kind is still an error: skipping is only for other tools' YAML.
    const typo = write('hook/typo.yaml', VALID.replace('kind: ProjectEncryption', 'kind: ProjectEncryptions'));
    const judged = await checkJson(['--skip-other-yaml', typo]);
    expect(judged.findings.find((f) => f.ruleId === 'schema/unknown-kind')).toMatchObject({ severity: 'error' });
    expect(judged.code).toBe(1);
  });

  it("keeps the YAML parser's own warnings off the terminal (a collection used as a key)", async () => {
    const file = write(
      'complex-key.yaml',
      'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\n? [complex, key]\n: 1\n',
    );
    const r = await runCli(['check', file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unknown field [ complex, key ]');
    expect(r.stderr).toBe('');
  });

  it('reports a project described twice across files, pointing at the second', async () => {
    write('dup/a.yaml', VALID);
    write('dup/b.yaml', VALID.replace('payments-prod', 'payments-copy'));
    const r = await checkJson([join(dir, 'dup')]);
    expect(r.code).toBe(1);
    const dup = r.findings.find((f) => f.ruleId === 'project/duplicate');
    expect(dup).toMatchObject({ file: expect.stringContaining('b.yaml'), line: 6 });
    expect(dup!.message).toContain('a.yaml');
  });

  it('honours waivers, reports expired waivers and unknown rule ids', async () => {
    const waived =
      VALID.replace('requirePrivateNetworking: true', 'requirePrivateNetworking: false') +
      '  waivers:\n    - rule: cmk/private-networking-consistency\n      reason: "migrating"\n      expires: 2999-01-01\n';
    const ok = await checkJson([write('waive/ok.yaml', waived)]);
    expect(ok.code).toBe(0);
    expect(ok.findings.some((f) => f.ruleId === 'cmk/private-networking-consistency')).toBe(true);

    const expired = await checkJson([write('waive/expired.yaml', waived.replace('2999-01-01', '2020-01-01'))]);
    expect(expired.code).toBe(1);
    expect(expired.findings.map((f) => f.ruleId)).toContain('waiver/expired');

    const unknown = await checkJson([
      write(
        'waive/unknown.yaml',
        waived.replace('rule: cmk/private-networking-consistency', 'rule: cmk/privat-networking-consistency'),
      ),
    ]);
    expect(unknown.code).toBe(1);
    const f = unknown.findings.find((x) => x.ruleId === 'waiver/unknown-rule');
    expect(f).toMatchObject({ line: 25 });
  });

  it('adds user rule packs and refuses a malformed one with exit 2', async () => {
    write(
      'pack/rules/require-label.yaml',
      `id: acme/name-prefix
severity: error
scope: static
description: Project names start with the team name.
docs: https://example.com/rules/name-prefix
message: "metadata.name {{ metadata.name }} must start with acme-"
locate: metadata.name
assert:
  properties:
    metadata:
      properties:
        name: { type: string, pattern: "^acme-" }
`,
    );
    const file = write('user/p.yaml', VALID);
    const r = await checkJson(['--policy', join(dir, 'pack'), file]);
    const own = r.findings.find((x) => x.ruleId === 'acme/name-prefix');
    expect(own).toMatchObject({ severity: 'error', line: 4 });
    expect(r.code).toBe(1);

    write('badpack/rules/broken.yaml', 'id: acme/broken\nseverity: fatal\n');
    const bad = await runCli(['check', '--policy', join(dir, 'badpack'), file], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('broken.yaml');
    expect(hasStackTrace(bad.stdout + bad.stderr)).toBe(false);
  });

  it('writes SARIF 2.1.0 and GitHub annotations', async () => {
    const file = write('fmt/p.yaml', VALID.replace('vault.azure.net', 'vault.azure.cn'));
    const sarif = await runCli(['check', '--format', 'sarif', file], { cwd: dir });
    const doc = JSON.parse(sarif.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
    };
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('cmk/vault-dns-matches-environment');
    expect(doc.runs[0]!.results.map((r) => r.ruleId)).toContain('cmk/vault-dns-matches-environment');

    const summary = join(dir, 'summary.md');
    const gh = await runCli(['check', '--format', 'github', file], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(gh.code).toBe(1);
    expect(gh.stdout).toMatch(
      /^::error file=.*p\.yaml,line=16,col=20,(endLine=\d+,)?title=cmk\/vault-dns-matches-environment::/m,
    );
    expect(readFileSync(summary, 'utf8')).toContain('cmk/vault-dns-matches-environment');
  });

  it('names the exit codes in --help and rejects unknown options with exit 2', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*0 [\s\S]*1 [\s\S]*2 /);
    const bad = await runCli(['check', '--formt', 'json', 'examples/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--formt');
  });

  it('does not load ink or react', async () => {
    const trace = join(dir, 'trace.txt');
    const r = await runCli(['check', 'examples/'], {
      cwd: REPO_ROOT,
      env: { ATLAS_CMK_TRACE_FILE: trace },
      nodeArgs: ['--import', fileURLToPath(new URL('./trace-imports.mjs', import.meta.url))],
    });
    expect(r.code).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('/dist/check/load-check.cjs');
    expect(loaded).not.toMatch(/node_modules\/(\.pnpm\/)?(ink|react)[@/]/);
  });

  it('starts from the single-file bundle: a clean check loads no module from node_modules', async () => {
    const trace = join(dir, 'trace-bundle.txt');
    const r = await runCli(['check', 'examples/payments-prod.yaml'], {
      cwd: REPO_ROOT,
      env: { ATLAS_CMK_TRACE_FILE: trace },
      nodeArgs: ['--import', fileURLToPath(new URL('./trace-imports.mjs', import.meta.url))],
    });
    expect(r.stdout).toContain('1 file checked, no problems.');
    expect(r.code).toBe(0);
    const files = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:'));
    expect(files.some((url) => url.endsWith('/dist/check/load-check.cjs'))).toBe(true);
    expect(files.filter((url) => url.includes('/node_modules/'))).toEqual([]);
    // bin.js, its output watch and the bundle's loader (the bundle itself, with the generated validator and the
    // precompiled pack, is one script the loader compiles): a handful, not hundreds.
    expect(new Set(files).size).toBeLessThan(6);
  });
});
