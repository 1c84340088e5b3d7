import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluatePolicy, loadDesiredState, loadRulePacks } from '../../src/index.js';
import { VALID_DESIRED_STATE } from './desired-state-files.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-rule-regressions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = [
  'id: acme/fuzzed',
  'severity: error',
  'scope: static',
  'description: A rule the fuzz suite found trouble with.',
  'docs: https://example.com/rules/fuzzed',
  'message: fuzzed',
];

/**
 * Rule files that made `loadRulePacks` or `evaluatePolicy` throw (a missing anchor, a self-referring condition)
 * or could have (a condition too deep to compile), instead of reporting a located problem.
 */
const CASES: [string, string, string][] = [
  ['an alias whose anchor is missing', [...HEAD, 'assert: *missing', ''].join('\n'), 'cannot be loaded'],
  [
    'a condition 300 levels deep',
    [...HEAD, `assert: ${'{not: '.repeat(300)}{}${'}'.repeat(300)}`, ''].join('\n'),
    'assert is not a valid JSON Schema',
  ],
  ['a condition that refers to itself', [...HEAD, 'assert: { $ref: "#" }', ''].join('\n'), 'without $ref'],
  [
    'a definition that refers to itself',
    [...HEAD, 'assert:', '  definitions: { a: { $ref: "#/definitions/a" } }', '  $ref: "#/definitions/a"', ''].join(
      '\n',
    ),
    'without $ref',
  ],
];

describe('rule files found by the fuzz suite', () => {
  it.each(CASES)('%s is a located policy/invalid-rule problem', async (_what, text, words) => {
    const packDir = mkdtempSync(join(dir, 'pack-'));
    const file = join(packDir, 'rule.yaml');
    writeFileSync(file, text);
    const pack = await loadRulePacks([packDir]);
    expect(pack.rules).toEqual([]);
    expect(pack.diagnostics.length).toBeGreaterThan(0);
    for (const d of pack.diagnostics) {
      expect(d).toMatchObject({ code: 'policy/invalid-rule', file });
      expect(d.line).toBeGreaterThanOrEqual(1);
    }
    expect(pack.diagnostics.map((d) => d.message).join('\n')).toContain(words);

    writeFileSync(join(dir, 'desired.yaml'), VALID_DESIRED_STATE);
    const desired = await loadDesiredState(['desired.yaml'], { cwd: dir });
    expect(() =>
      evaluatePolicy({ rules: pack.rules, documents: desired.documents, scope: 'all', today: '2026-06-01' }),
    ).not.toThrow();
  });
});
