import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadPlainYaml } from './plain-yaml.js';

/** What js-yaml makes of `text`, or `'throws'`. */
function jsYaml(text: string): unknown[] | 'throws' {
  try {
    return loadAll(text, null, { schema: CORE_SCHEMA });
  } catch {
    return 'throws';
  }
}

/** The property the fast path relies on: whatever the plain reader returns, js-yaml returns too. */
function expectAgreement(text: string): boolean {
  const ours = loadPlainYaml(text);
  if (ours === undefined) return false;
  const theirs = jsYaml(text);
  // The text is part of what is compared, so a failure shows the case.
  expect({ text, value: ours }).toStrictEqual({ text, value: theirs });
  return true;
}

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['name', 'projectId', 'a', 'b-c', 'x_1', 'true', 'True', 'null', 'NULL', '__proto__', 'key', 'n', 'y'];
const KEY_FORMS = ['', '', '', "'q'", '"dq"', '? ', 'a b', '-k', '1', '0x1', '.5', 'e1'];
/** Values of every kind a plain reader could get wrong; most documents also use only the first, ordinary ones. */
const SCALARS = [
  'orders',
  'US_CENTRAL',
  '66c9e8f1dd6c9960802420e9',
  'https://kv.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
  '${env:AZURE_CLIENT_SECRET}',
  '2027-03-31',
  'true',
  'True',
  'TRUE',
  'false',
  'yes',
  'no',
  'on',
  'null',
  'Null',
  '~',
  '0',
  '-0',
  '12',
  '012',
  '-5',
  '+5',
  '1_000',
  '0x1F',
  '0o17',
  '0b101',
  '1e3',
  '1.5e-3',
  '.5',
  '-.5',
  '.inf',
  '-.Inf',
  '.nan',
  '.NaN',
  'NaN',
  'Infinity',
  'a b',
  'a:b',
  'a: b',
  'a:',
  'a #c',
  'a#c',
  'a  ',
  "it's",
  "'q'",
  "'it''s'",
  "'a' b",
  "'a'#c",
  "'open",
  '"dq"',
  '"a\\"b"',
  '"a\\nb"',
  '"open',
  '[]',
  '[ ]',
  '[a, b]',
  '[US_CENTRAL, EUROPE_NORTH]',
  '[a, ]',
  '[a,,b]',
  '[1, 0x2, true, ~]',
  '[a, [b]]',
  "['a', b]",
  '[a b, c]',
  '[a:b]',
  '[-, x]',
  '[-1, -x]',
  '[a',
  '{}',
  '{ }',
  '{a: 1}',
  '&anchor x',
  '*alias',
  '!!str 1',
  '!tag x',
  '|',
  '>',
  '|-',
  '%x',
  '@x',
  '`x',
  '-',
  '- x',
  '-x',
  '?x',
  '? x',
  ':x',
  ',x',
  'x,',
  ']x',
  'x]',
  '{x',
  'é',
  'a\u00a0b',
  '\u00a0',
  '\u2028',
  '\ud83d\ude00',
  'tab\there',
  '',
  '#c',
];

/** A random document of the kinds desired-state files are made of, with indentation and comments varied. */
function generate(next: () => number, depth: number, indent: number, step: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const scalar = () => (next() < 0.92 ? SCALARS[Math.floor(next() * 40)]! : pick(SCALARS));
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  const entries = 1 + Math.floor(next() * 4);
  const sequence = depth > 0 && next() < 0.3;
  for (let i = 0; i < entries; i++) {
    if (next() < 0.1) lines.push(next() < 0.5 ? '' : `${' '.repeat(Math.floor(next() * 6))}# note`);
    const nested = depth < 3 && next() < 0.35;
    const comment = next() < 0.15 ? pick([' # c', '  #c', ' #']) : '';
    if (sequence) {
      if (nested && next() < 0.7) {
        // `- key: value` and the rest of the mapping under it
        const inner = generate(next, depth + 1, indent + 2, step);
        const first = inner.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
        if (first === -1 || inner[first]!.trimStart().startsWith('- ')) {
          lines.push(`${pad}-${comment}`, ...inner);
        } else {
          const head = inner[first]!.slice(indent + 2);
          lines.push(...inner.slice(0, first), `${pad}- ${head}`, ...inner.slice(first + 1));
        }
      } else {
        lines.push(`${pad}- ${scalar()}${comment}`);
      }
      continue;
    }
    const key = next() < 0.97 ? pick(KEYS.slice(0, 6)) : pick(KEY_FORMS) || pick(KEYS);
    if (nested) {
      const sameIndentSequence = next() < 0.3;
      lines.push(`${pad}${key}:${comment}`);
      const child = sameIndentSequence ? indent : indent + step;
      const inner = generate(next, depth + 1, child, step);
      if (sameIndentSequence && !inner.some((l) => l.startsWith(`${' '.repeat(child)}- `))) {
        lines.push(...generate(next, depth + 1, indent + step, step));
      } else lines.push(...inner);
    } else {
      lines.push(`${pad}${key}:${next() < 0.1 ? '' : ` ${scalar()}`}${comment}`);
    }
  }
  return lines;
}

/** Small edits of the kind a hand-edited file or an attacker makes. */
function mutate(text: string, next: () => number): string {
  const alphabet = [' ', '  ', '\n', ':', '-', '- ', '#', ' #', "'", '"', '[', ']', '{', '}', ',', '&', '*', '!'];
  const more = ['?', '|', '>', '%', '\t', '\r', '\r\n', '---\n', '...\n', '\u00a0', '\ufeff', '\u0000', 'x'];
  const at = Math.floor(next() * (text.length + 1));
  const choice = next();
  if (choice < 0.4) {
    const all = [...alphabet, ...more];
    return text.slice(0, at) + all[Math.floor(next() * all.length)]! + text.slice(at);
  }
  if (choice < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  if (choice < 0.85) lines[line] = ` ${lines[line]}`;
  else lines[line] = lines[line]!.replace(/^ /, '');
  return lines.join('\n');
}

describe('the plain YAML reader', () => {
  it('reads every example and fixture file, and reads them as js-yaml does', () => {
    const repo = join(import.meta.dirname, '../../../..');
    const files = [
      ...readdirSync(join(repo, 'examples')).map((f) => join(repo, 'examples', f)),
      ...readdirSync(join(repo, 'packages/cli-ink/examples'), { recursive: true })
        .map(String)
        .map((f) => join(repo, 'packages/cli-ink/examples', f)),
    ].filter((f) => /\.ya?ml$/.test(f) && !/policies|rules|fixture/.test(f));
    const read = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /kind: ProjectEncryption/.test(text) && !/[&*]\w/.test(text) && expectAgreement(text);
    });
    expect(read.length).toBeGreaterThan(3);
  });

  it('reads the forms a desired-state file uses, as js-yaml does', () => {
    for (const text of [
      'a: 1\n',
      'a:\n  b: x\n  c: [US_CENTRAL, EUROPE_NORTH]\n',
      'clusters:\n- name: orders\n  encryptionAtRest: true\n- name: b\nnext: 1\n',
      'clusters:\n  -   name: orders\n      x: 1\n  - plain\n  -\n    deep: 1\n',
      '# c\n---\na: 1\n--- # second\nb: 2\n',
      'a: 1\r\nb: 2\r\n',
      "reason: 'EU nodes'' retirement' # why\nexpires: 2027-03-31\n",
      'b: ~\nc: null\nd: 0x1F\ne: .inf\nf: -.5\ng: +3\nh: 1e3\ni: {}\nj: []\n',
      'a:\n- x\nb: 1\n',
      'list:\n- a\n- [b]\n',
    ]) {
      expect(loadPlainYaml(text), JSON.stringify(text)).toBeDefined();
      expectAgreement(text);
    }
  });

  it('leaves to js-yaml what it does not read: anchors, tags, block scalars, multi-line scalars, repeats', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: first\n  second\n',
      'a: "multi\n  line"\n',
      'a: 1\na: 2\n',
      'a:\nb: 1\n',
      'list:\n-\n- b\n',
      'list:\n- a\n- - b\n',
      'top: x\n  more: y\n',
      'a: b\n c\n',
      'True: 1\n',
      '__proto__: 1\n',
      'a: 1\n---\n',
      '---\n---\na: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n',
      '\ufeffa: 1\n',
      'a:\tb\n',
      'a: {b: 1}\n',
      '? a\n: b\n',
      '',
      '# only a comment\n',
      "'quoted': 1\n",
      'a : 1\n',
      'a:b: 1\n',
      `${Array.from({ length: 80 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
    ]) {
      expect(loadPlainYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('returns what js-yaml returns for every generated or mutated text it reads (differential, seeded)', () => {
    const runs = Number(process.env['ATLAS_CMK_PLAIN_YAML_RUNS'] ?? 20000);
    const seed = Number(process.env['ATLAS_CMK_PLAIN_YAML_SEED'] ?? 20261203);
    const next = random(seed);
    let read = 0;
    let mutatedRead = 0;
    for (let i = 0; i < runs; i++) {
      const step = 1 + Math.floor(next() * 4);
      const documents = 1 + (next() < 0.2 ? Math.floor(next() * 3) : 0);
      let text = Array.from({ length: documents }, () => generate(next, 0, 0, step).join('\n')).join(
        next() < 0.5 ? '\n---\n' : '\n--- # next\n',
      );
      if (next() < 0.5) text += '\n';
      if (expectAgreement(text)) read += 1;
      let mutated = text;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) mutated = mutate(mutated, next);
      if (expectAgreement(mutated)) mutatedRead += 1;
    }
    // The comparison means something only if the reader takes a fair share of both kinds of text.
    expect(read).toBeGreaterThan(runs / 10);
    expect(mutatedRead).toBeGreaterThan(runs / 20);
  });
});
