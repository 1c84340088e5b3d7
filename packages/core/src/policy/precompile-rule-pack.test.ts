import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRulePacks } from './load-rule-packs.js';
import { precompileRulePack } from './precompile-rule-pack.js';
import { precompiledModulePath } from './precompiled-pack.js';

const rule = (id: string) => `id: ${id}
severity: warning
scope: static
description: At least two endpoint regions.
docs: https://example.com/acme/two-regions
match: { forEach: /desired/clusters }
when: { properties: { item: { properties: { encryptionAtRest: { const: true } } } } }
checks:
  - assert: { properties: { derived: { properties: { desiredRegions: { minItems: 2 } } } } }
    message: original message for {{ item.name }}
  - severity: error
    assert:
      properties:
        item: { properties: { name: { const: { $data: '/metadata/name' } } } }
        metadata: { properties: { created: { format: date } } }
    message: second check
`;

async function pack(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'atlas-cmk-precompile-'));
  await mkdir(join(root, 'rules'));
  await writeFile(join(root, 'rules', 'acme.yaml'), `${rule('acme/two-regions')}---\n${rule('acme/other')}`);
  return root;
}

const facts = (regions: string[], name = 'orders') => ({
  metadata: { name: 'orders' },
  derived: { desiredRegions: regions },
  item: { name, encryptionAtRest: true },
});

describe('precompileRulePack', () => {
  it('generates a module that loadRulePacks uses while the rule files are unchanged', async () => {
    const root = await pack();
    const rulesDir = join(root, 'rules');
    const result = await precompileRulePack(rulesDir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.rules).toBe(2);
    const out = precompiledModulePath(rulesDir);
    expect(out).toBe(join(root, 'generated', 'precompiled-rules.js'));
    await mkdir(dirname(out), { recursive: true });
    // Mark the generated module so the test can tell which path loaded the rules.
    await writeFile(out, result.code.replaceAll('original message', 'precompiled message'));

    // Only a pack the caller names as its own (the built-in pack) is given a module loader.
    const own = { precompiled: new Map([[rulesDir, () => import(pathToFileURL(out).href) as Promise<unknown>]]) };
    const fast = await loadRulePacks([rulesDir], own);
    expect(fast.diagnostics).toEqual([]);
    expect(fast.rules.map((r) => [r.id, r.source.line, r.source.column, r.forEach])).toEqual([
      ['acme/two-regions', 1, 5, '/desired/clusters'],
      ['acme/other', 18, 5, '/desired/clusters'],
    ]);
    const [first] = fast.rules;
    expect(first?.checks.map((c) => [c.severity, c.message])).toEqual([
      ['warning', 'precompiled message for {{ item.name }}'],
      ['error', 'second check'],
    ]);
    const when = first?.when;
    expect(when !== true && when?.(facts([]))).toBe(true);
    expect(first?.checks[0]?.assert(facts(['A', 'B']))).toBe(true);
    expect(first?.checks[0]?.assert(facts(['A']))).toBe(false);
    expect(first?.checks[1]?.assert(facts([], 'orders'))).toBe(true);
    expect(first?.checks[1]?.assert(facts([], 'ledger'))).toBe(false);
    expect(first?.checks[1]?.assert({ ...facts([]), metadata: { name: 'orders', created: '2026-02-30' } })).toBe(false);
    expect(first?.checks[1]?.assert({ ...facts([]), metadata: { name: 'orders', created: '2026-02-28' } })).toBe(true);

    // An edited rule file no longer matches the module's hash: the rules are compiled from YAML again.
    const text = await readFile(join(rulesDir, 'acme.yaml'), 'utf8');
    await writeFile(join(rulesDir, 'acme.yaml'), `${text}\n# edited\n`);
    const slow = await loadRulePacks([rulesDir], own);
    expect(slow.rules[0]?.checks[0]?.message).toBe('original message for {{ item.name }}');
  });

  it('takes a module the build verified without reading the rule files, and only for the folders named so', async () => {
    const root = await pack();
    const rulesDir = join(root, 'rules');
    const result = await precompileRulePack(rulesDir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const out = precompiledModulePath(rulesDir);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, result.code.replaceAll('original message', 'precompiled message'));
    const loader = () => import(pathToFileURL(out).href) as Promise<unknown>;
    // The rule files are gone: a verified module is taken as it is; an unverified one must find its files.
    await rm(rulesDir, { recursive: true });
    const verified = await loadRulePacks([rulesDir], {
      precompiled: new Map([[rulesDir, loader]]),
      verifiedAtBuild: new Set([rulesDir]),
    });
    expect(verified.diagnostics).toEqual([]);
    expect(verified.rules.map((r) => r.id)).toEqual(['acme/two-regions', 'acme/other']);
    expect(verified.rules[0]?.checks[0]?.message).toBe('precompiled message for {{ item.name }}');
    const unverified = await loadRulePacks([rulesDir], { precompiled: new Map([[rulesDir, loader]]) });
    expect(unverified.rules).toEqual([]);
    expect(unverified.diagnostics.map((d) => d.code)).toEqual(['io/unreadable']);
    // Naming a folder verified without a module for it changes nothing.
    const noModule = await loadRulePacks([rulesDir], { verifiedAtBuild: new Set([rulesDir]) });
    expect(noModule.diagnostics.map((d) => d.code)).toEqual(['io/unreadable']);
  });

  it('never runs JavaScript a rule pack carries, even a module built from exactly its rule files', async () => {
    const root = await pack();
    const rulesDir = join(root, 'rules');
    const result = await precompileRulePack(rulesDir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const out = precompiledModulePath(rulesDir);
    await mkdir(dirname(out), { recursive: true });
    // A hostile pack: its module matches the rule files' hash and has a side effect when imported.
    const marker = `atlasCmkPackRan${Date.now()}`;
    await writeFile(
      out,
      `globalThis[${JSON.stringify(marker)}] = true;\n${result.code.replaceAll('original message', 'from the module')}`,
    );
    const loaded = await loadRulePacks([rulesDir]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.rules[0]?.checks[0]?.message).toBe('original message for {{ item.name }}');
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('runs the fixed patterns of the pack on V8 and patterns taken from the checked file ($data) on RE2', async () => {
    const root = await mkdtemp(join(tmpdir(), 'atlas-cmk-precompile-re-'));
    const rulesDir = join(root, 'rules');
    await mkdir(rulesDir);
    await writeFile(
      join(rulesDir, 're.yaml'),
      `id: acme/re
severity: warning
scope: static
description: Patterns.
docs: https://example.com/acme/re
assert:
  properties:
    derived:
      properties:
        name: { pattern: '^[a-z]+$' }
        value: { pattern: { $data: '/derived/re' } }
message: no match
`,
    );
    const result = await precompileRulePack(rulesDir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.code).toContain('new Set(["^[a-z]+$"])');
    const out = precompiledModulePath(rulesDir);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, result.code);
    const own = { precompiled: new Map([[rulesDir, () => import(pathToFileURL(out).href) as Promise<unknown>]]) };
    const { rules, diagnostics } = await loadRulePacks([rulesDir], own);
    expect(diagnostics).toEqual([]);
    const assert = rules[0]!.checks[0]!.assert;
    expect(assert({ derived: { name: 'orders', re: '^(a|a)*$', value: 'aaaa' } })).toBe(true);
    expect(assert({ derived: { name: 'Orders', re: '^(a|a)*$', value: 'aaaa' } })).toBe(false);
    // Catastrophic for a backtracking engine: answered by RE2 (a pattern RE2 cannot compile fails the check).
    expect(assert({ derived: { name: 'orders', re: '^(a|a)*$', value: `${'a'.repeat(5_000)}!` } })).toBe(false);
    expect(assert({ derived: { name: 'orders', re: '(a)\\1', value: 'aa' } })).toBe(false);
  });

  it('refuses to precompile a pack with an invalid rule', async () => {
    const root = await pack();
    await writeFile(join(root, 'rules', 'broken.yaml'), 'id: acme/broken\nseverity: fatal\n');
    const result = await precompileRulePack(join(root, 'rules'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.diagnostics.map((d) => d.code)).toContain('policy/invalid-rule');
  });
});
