import fc from 'fast-check';
import { stringify } from 'yaml';
import { oddString } from './odd-text.js';

/** A JSON-like tree: what a YAML document holds once parsed. */
export type Tree = null | boolean | number | string | Tree[] | { [key: string]: Tree };

/** A path of keys and indexes from the root of a tree. */
export type TreePath = (string | number)[];

/** One change to a tree. */
export type TreeMutation =
  | { kind: 'drop'; path: TreePath }
  | { kind: 'rename'; path: TreePath; to: string }
  | { kind: 'replace'; path: TreePath; value: Tree };

/** Every path of `tree` (the root excluded), parents before children. */
export function pathsOf(tree: Tree, prefix: TreePath = []): TreePath[] {
  if (Array.isArray(tree)) return tree.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (tree !== null && typeof tree === 'object')
    return Object.entries(tree).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

/** `depth` levels of nesting around a leaf. */
export function nested(depth: number, kind: 'array' | 'object'): Tree {
  let tree: Tree = 'leaf';
  for (let i = 0; i < depth; i += 1) tree = kind === 'array' ? [tree] : { a: tree };
  return tree;
}

/**
 * Values of the wrong kind for any field: numbers (huge, negative, fractional), booleans, null, odd strings,
 * a 1 MB string, a 10,000-item array, 1,000 levels of nesting and random JSON. The big ones are rare so that
 * thousands of runs stay fast.
 */
export const weirdValue: fc.Arbitrary<Tree> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.oneof(fc.integer(), fc.constant(2 ** 53 + 1), fc.double({ noNaN: true, noDefaultInfinity: true })),
  },
  { weight: 6, arbitrary: fc.boolean() },
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 18, arbitrary: oddString },
  { weight: 9, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Tree> },
  { weight: 6, arbitrary: fc.constantFrom<Tree>([], {}, '', '${env:}', '${file:}', '${env:AZURE_CLIENT_SECRET') },
  { weight: 1, arbitrary: fc.constant<Tree>('x'.repeat(1_000_000)) },
  { weight: 1, arbitrary: fc.constant<Tree>(Array.from({ length: 10_000 }, (_, i) => `US_CENTRAL_${i}`)) },
  { weight: 1, arbitrary: fc.constantFrom<Tree>(nested(1_000, 'array'), nested(1_000, 'object')) },
);

/** A mutation of one of `paths`. */
export function mutationOf(paths: readonly TreePath[]): fc.Arbitrary<TreeMutation> {
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    path.map((p): TreeMutation => ({ kind: 'drop', path: p })),
    fc
      .record({ path, to: fc.oneof(oddString, fc.constantFrom('spec', 'Spec', 'projectID', 'enabled', '<<')) })
      .map(({ path: p, to }): TreeMutation => ({ kind: 'rename', path: p, to })),
    fc
      .record({ path, value: weirdValue })
      .map(({ path: p, value }): TreeMutation => ({ kind: 'replace', path: p, value })),
  );
}

/** A copy of `tree` with `mutation` applied; the input is not modified. A path that no longer exists is a no-op. */
export function applyMutation(tree: Tree, mutation: TreeMutation): Tree {
  const [head, ...rest] = mutation.path;
  if (head === undefined) return mutation.kind === 'replace' ? mutation.value : tree;
  if (Array.isArray(tree) && typeof head === 'number' && head < tree.length) {
    const copy = [...tree];
    if (rest.length > 0) copy[head] = applyMutation(copy[head]!, { ...mutation, path: rest });
    else if (mutation.kind === 'drop') copy.splice(head, 1);
    else if (mutation.kind === 'replace') copy[head] = mutation.value;
    else copy[head] = { [mutation.to]: copy[head]! };
    return copy;
  }
  if (tree !== null && typeof tree === 'object' && !Array.isArray(tree) && typeof head === 'string' && head in tree) {
    const entries = Object.entries(tree).flatMap(([k, v]): [string, Tree][] => {
      if (k !== head) return [[k, v]];
      if (rest.length > 0) return [[k, applyMutation(v, { ...mutation, path: rest })]];
      switch (mutation.kind) {
        case 'drop':
          return [];
        case 'rename':
          return [[mutation.to, v]];
        case 'replace':
          return [[k, mutation.value]];
        default: {
          const never: never = mutation;
          throw new Error(`unknown mutation ${JSON.stringify(never)}`);
        }
      }
    });
    return Object.fromEntries(entries) as Tree;
  }
  return tree;
}

/** How a tree is written out as a file. */
export type RenderStyle = 'yaml' | 'json' | 'flow';

/**
 * A tree as block YAML, indented JSON or one-line JSON (both are YAML too). The YAML writer recurses once per
 * level and runs out of stack on 1,000 levels inside a deep document; such a tree is written as JSON instead.
 */
export function renderTree(tree: Tree, style: RenderStyle): string {
  switch (style) {
    case 'yaml':
      try {
        return stringify(tree, { aliasDuplicateObjects: false });
      } catch (error) {
        if (error instanceof RangeError) return JSON.stringify(tree, null, 2);
        throw error;
      }
    case 'json':
      return JSON.stringify(tree, null, 2);
    case 'flow':
      return JSON.stringify(tree);
    default: {
      const never: never = style;
      throw new Error(`unknown style ${String(never)}`);
    }
  }
}
