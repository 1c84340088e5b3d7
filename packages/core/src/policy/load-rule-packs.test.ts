import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulePacks } from './load-rule-packs.js';
import { BUILTIN_RULE_IDS, ruleMetadata, rulesMetadata } from './rule.js';

const builtinRules = new URL('../../../../policies/rules/', import.meta.url).pathname;

async function pack(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-rules-'));
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const valid = (id: string, extra = '') => `id: ${id}
severity: warning
scope: static
description: Two regions at least.
docs: https://example.com/rules/two-regions
assert:
  properties:
    derived:
      properties:
        desiredRegions: { minItems: 2 }
message: only {{ derived.desiredRegions }}
${extra}`;

describe('loadRulePacks', () => {
  it('loads one or many rules per file (--- separated) and compiles them', async () => {
    const dir = await pack({ 'a.yaml': `${valid('acme/one')}---\n${valid('acme/two')}`, 'notes.txt': 'ignored' });
    const { rules, diagnostics } = await loadRulePacks([dir]);
    expect(diagnostics).toEqual([]);
    expect(rules.map((r) => r.id)).toEqual(['acme/one', 'acme/two']);
    expect(rules[1]?.source.line).toBe(13);
    expect(rules[0]?.checks[0]?.assert({ derived: { desiredRegions: ['A', 'B'] } })).toBe(true);
    expect(rules[0]?.checks[0]?.assert({ derived: { desiredRegions: ['A'] } })).toBe(false);
    expect(ruleMetadata(rules[0]!)).toEqual({
      id: 'acme/one',
      severity: 'warning',
      description: 'Two regions at least.',
      docs: 'https://example.com/rules/two-regions',
      scope: 'static',
      waivable: true,
    });
  });

  it('reports malformed rule files in plain words, located, and keeps loading the rest', async () => {
    const dir = await pack({
      '1-syntax.yaml': 'id: acme/x\nseverity: [error\n',
      '2-fields.yaml': valid('acme/fields', 'sevrity: error\n').replace('severity: warning', 'severity: fatal'),
      '3-both.yaml': valid('acme/both', 'checks:\n  - assert: true\n    message: x\n'),
      '4-schema.yaml': valid('acme/keyword').replace('minItems: 2', 'minItemz: 2'),
      '5-id.yaml': valid('Acme Rule'),
      '6-ok.yaml': valid('acme/ok'),
    });
    const { rules, diagnostics } = await loadRulePacks([dir]);
    expect(rules.map((r) => r.id)).toEqual(['acme/ok']);
    const byFile = (name: string) =>
      diagnostics.filter((d) => d.file.endsWith(name)).map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(diagnostics.every((d) => d.code === 'policy/invalid-rule' && d.severity === 'error')).toBe(true);
    expect(byFile('1-syntax.yaml')[0]).toMatch(/^\d+:\d+ the rule file is not valid YAML/);
    expect(byFile('2-fields.yaml')).toEqual([
      '1:1 rule acme/fields: the rule has an unknown field "sevrity" (did you mean "severity"?)',
      '2:11 rule acme/fields: "severity" must be one of "error", "warning", "info"',
    ]);
    expect(byFile('3-both.yaml')).toEqual([
      '1:1 rule acme/both: a rule needs either "assert" with "message", or a list of "checks" (exactly one of the two)',
    ]);
    expect(byFile('4-schema.yaml')).toEqual([
      '7:3 rule acme/keyword: assert is not a valid JSON Schema: unknown keyword: "minItemz"',
    ]);
    expect(byFile('5-id.yaml')).toEqual([
      '1:5 rule Acme Rule: "id" must be a prefix, a slash and a lower-case kebab-case name, like acme/require-two-regions',
    ]);
  });

  it('runs every pattern on the linear-time engine: catastrophic ones load and answer, RE2-only syntax is enforced', async () => {
    const catastrophic = ['^(a|a)*$', '(a+)+$', '(a|aa)*b', '^(\\w+\\s?)*$'];
    const dir = await pack(
      Object.fromEntries(
        catastrophic.map((pattern, i) => [
          `${i}.yaml`,
          valid(`acme/re-${i}`).replace(
            'desiredRegions: { minItems: 2 }',
            () => `projectId: { pattern: '${pattern}' }`,
          ),
        ]),
      ),
    );
    const { rules, diagnostics } = await loadRulePacks([dir]);
    expect(diagnostics).toEqual([]);
    const facts = (projectId: string) => ({ derived: { projectId } });
    const attack = `${'a'.repeat(5_000)}!`;
    // What a backtracking engine takes minutes for is answered at once (timing is measured by bench-regexp.mjs).
    expect(rules.map((r) => r.checks[0]?.assert(facts(attack)))).toEqual([false, false, false, false]);
    expect(rules.map((r) => r.checks[0]?.assert(facts('aaab')))).toEqual([false, false, true, true]);

    const refused = await pack({
      'backref.yaml': valid('acme/backref').replace(
        'desiredRegions: { minItems: 2 }',
        () => "projectId: { pattern: '^(a)\\1$' }",
      ),
    });
    const result = await loadRulePacks([refused]);
    expect(result.rules).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.message).toContain('is not supported by the linear-time engine (RE2');
  });

  it('takes patterns from the checked file ($data) and runs them on the same engine', async () => {
    const dir = await pack({
      'data.yaml': valid('acme/data').replace(
        'desiredRegions: { minItems: 2 }',
        () => "name: { pattern: { $data: '/derived/re' } }",
      ),
    });
    const { rules, diagnostics } = await loadRulePacks([dir]);
    expect(diagnostics).toEqual([]);
    const assert = rules[0]!.checks[0]!.assert;
    expect(assert({ derived: { re: '^(a|a)*$', name: `${'a'.repeat(5_000)}!` } })).toBe(false);
    expect(assert({ derived: { re: '^(a|a)*$', name: 'aaaa' } })).toBe(true);
    // A pattern RE2 cannot compile fails the condition instead of throwing.
    expect(assert({ derived: { re: '(a)\\1', name: 'aa' } })).toBe(false);
  });

  it('loads a user pack beside the built-in one, and refuses a second rule with a taken id', async () => {
    const user = await pack({ 'user.yaml': `${valid('acme/two-regions')}---\n${valid('cmk/no-inline-secret')}` });
    const { rules, diagnostics } = await loadRulePacks([builtinRules, user]);
    expect(rules).toHaveLength(BUILTIN_RULE_IDS.length + 1);
    expect(rules.some((r) => r.id === 'acme/two-regions')).toBe(true);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'policy/duplicate-rule', line: 13, column: 5 });
    expect(diagnostics[0]?.message).toMatch(
      /rule id "cmk\/no-inline-secret" is already defined at .*no-inline-secret\.yaml:2:5/,
    );
    expect(rulesMetadata(rules).map((m) => m.id)[0]).toBe('acme/two-regions');
  });

  it('reports a pack folder that cannot be read', async () => {
    const { rules, diagnostics } = await loadRulePacks([join(tmpdir(), 'atlas-cmk-no-such-pack')]);
    expect(rules).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'io/unreadable', message: 'cannot read the rule pack folder: ENOENT' }),
    ]);
  });
});
