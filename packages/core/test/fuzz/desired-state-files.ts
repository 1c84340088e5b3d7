import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { deepText, yamlishText } from './odd-text.js';
import { applyTextMutation, textMutation } from './text-mutations.js';
import { applyMutation, mutationOf, pathsOf, renderTree, type RenderStyle, type Tree } from './tree-mutations.js';

/** The repository's valid example document, the seed of every mutation. */
export const VALID_DESIRED_STATE = readFileSync(
  new URL('../../../../examples/payments-prod.yaml', import.meta.url),
  'utf8',
);

/** Files that once broke YAML tools: an alias bomb, merge keys, only comments, empty documents, a byte order mark. */
const SPECIAL_TEXTS: readonly string[] = [
  '',
  '\n\n',
  '# only a comment\n',
  '---\n---\n...\n',
  `\uFEFF${VALID_DESIRED_STATE}`,
  [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    '',
  ].join('\n'),
  'base: &base {enabled: true}\nspec:\n  azureKeyVault:\n    <<: *base\n',
  'apiVersion: atlas-cmk/v1\napiVersion: atlas-cmk/v1\nkind: ProjectEncryption\n',
  'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nspec: !!binary aGVsbG8=\n',
  'apiVersion: atlas-cmk/v1\nkind: ProjectEncryption\nspec:\n  projectId: *undefined\n',
  '? [complex, key]\n: value\n',
];

/** How one generated file came about, for the counts a suite prints. */
export type FileOrigin = 'random' | 'mutated' | 'deep' | 'special';

/** A generated desired-state file. */
export interface GeneratedFile {
  origin: FileOrigin;
  text: string;
}

const valid = parse(VALID_DESIRED_STATE) as Tree;
const validPaths = pathsOf(valid);

/** The example document with one to three field mutations, as block YAML, flow JSON or one-line JSON. */
const mutatedDocument: fc.Arbitrary<string> = fc
  .record({
    mutations: fc.array(mutationOf(validPaths), { minLength: 1, maxLength: 3 }),
    render: fc.constantFrom<RenderStyle>('yaml', 'json', 'flow'),
    text: fc.array(textMutation, { maxLength: 2 }),
  })
  .map(({ mutations, render, text }) => {
    const tree = mutations.reduce(applyMutation, valid);
    return text.reduce(applyTextMutation, renderTree(tree, render));
  });

/**
 * Desired-state files: random YAML-ish text, mutations of the valid example (dropped and renamed keys, wrong
 * types, huge values, deep nesting, odd Unicode, duplicate keys, tabs, anchors and aliases), 1,000 levels of
 * nesting as text, and known troublemakers.
 */
export const desiredStateFile: fc.Arbitrary<GeneratedFile> = fc.oneof(
  { weight: 3, arbitrary: yamlishText.map((text): GeneratedFile => ({ origin: 'random', text })) },
  { weight: 6, arbitrary: mutatedDocument.map((text): GeneratedFile => ({ origin: 'mutated', text })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        depth: fc.constantFrom(10, 100, 1_000),
        style: fc.constantFrom('flow-seq', 'flow-map', 'block', 'unclosed') as fc.Arbitrary<
          'flow-seq' | 'flow-map' | 'block' | 'unclosed'
        >,
      })
      .map(({ depth, style }): GeneratedFile => ({ origin: 'deep', text: deepText(depth, style) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...SPECIAL_TEXTS).map((text): GeneratedFile => ({ origin: 'special', text })),
  },
);
