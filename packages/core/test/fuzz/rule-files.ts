import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { yamlishText } from './odd-text.js';
import { applyTextMutation, textMutation } from './text-mutations.js';
import { applyMutation, mutationOf, pathsOf, renderTree, type Tree } from './tree-mutations.js';

const RULES = new URL('../../../../policies/rules/', import.meta.url);

/** The built-in rule files, the seeds of every mutation. */
export const BUILTIN_RULE_TEXTS: readonly string[] = readdirSync(RULES)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => readFileSync(new URL(name, RULES), 'utf8'));

const seeds = BUILTIN_RULE_TEXTS.map((text) => {
  const tree = parse(text) as Tree;
  return { tree, paths: pathsOf(tree) };
});

/** Regular expressions and templates that trouble rule engines: catastrophic backtracking, bad syntax, loops. */
const NASTY_CONDITIONS: readonly Tree[] = [
  { properties: { spec: { properties: { projectId: { pattern: '^(a+)+$' } } } } },
  { properties: { spec: { properties: { projectId: { pattern: '(' } } } } },
  { $ref: '#' },
  { $data: '0/../../..' },
  { unknownKeyword: true },
  { type: 'nonsense' },
  { not: { not: { not: {} } } },
];

/** One built-in rule with up to three field mutations, optionally a nasty condition, then text mutations. */
const mutatedRule: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: seeds.length - 1 })
  .chain((i) => {
    const seed = seeds[i]!;
    return fc.record({
      tree: fc.constant(seed.tree),
      mutations: fc.array(mutationOf(seed.paths), { maxLength: 3 }),
      nasty: fc.option(
        fc.record({ where: fc.constantFrom('when', 'assert'), condition: fc.constantFrom(...NASTY_CONDITIONS) }),
      ),
      template: fc.option(
        fc.constantFrom('{{', '{{ }}', '{{ item.name.x.y.z }}', '{{ constructor }}', '{{ __proto__ }}'),
      ),
      text: fc.array(textMutation, { maxLength: 2 }),
    });
  })
  .map(({ tree, mutations, nasty, template, text }) => {
    let rule = mutations.reduce(applyMutation, tree);
    if (nasty) rule = applyMutation(rule, { kind: 'replace', path: [nasty.where], value: nasty.condition });
    if (template) rule = applyMutation(rule, { kind: 'replace', path: ['message'], value: template });
    return text.reduce(applyTextMutation, renderTree(rule, 'yaml'));
  });

/** Rule files: random YAML-ish text, or a mutated built-in rule. */
export const ruleFile: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: yamlishText },
  { weight: 3, arbitrary: mutatedRule },
);
