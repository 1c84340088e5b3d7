import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeControl, neutralise, plan, renderMarkdown, renderText, type Plan } from '../src/index.js';
import { desired, live, loaded } from './world.js';

/** Names and values as an attacker would write them in a desired-state file or an API answer. */
const HOSTILE = [
  'payments\n```\n\n**No changes.**\n\n<!--',
  '\u001b[8mconcealed\u001b[0m\u001b]0;title\u0007\u009b2J\r\b',
  '-->`` ` ``` @octocat [click](https://evil.example/) <img src=x onerror=alert(1)> https://evil.example',
  '| cell | <details><summary>x</summary> </details> &amp; *em* _em_ \\| \u202eevil',
  `${'`'.repeat(12)}${'x'.repeat(100_000)}`,
];

function worldPlan(name: string, errorMessage: string, file: string): Plan {
  return plan({
    documents: [loaded(desired({ name, regions: ['US_CENTRAL'] }), file)],
    live: new Map([
      [
        '66c9e8f1dd6c9960802420e9',
        live({ endpoints: [{ region: 'US_CENTRAL', status: 'FAILED', id: '6a1f00000000000000000001', errorMessage }] }),
      ],
    ]),
  }).plan;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const OUR_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[(?:1|2|22|31|32|33|35|39)m`, 'g');

/** The block structure markdown-it sees: token types and nesting, with inline content reduced to its kinds. */
function structure(md: string): string[] {
  const parser = new MarkdownIt({ html: true, linkify: true });
  return parser
    .parse(md, {})
    .map((t) =>
      t.type === 'inline' ? `inline(${(t.children ?? []).map((c) => c.type).join(',')})` : `${t.type}:${t.tag}`,
    );
}

function htmlComments(md: string): string[] {
  const parser = new MarkdownIt({ html: true });
  const tokens = parser.parse(md, {});
  const html = tokens.flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type.startsWith('html_'));
  return html.flatMap((t) => t.content.match(/<!--[\s\S]*?(-->|$)/g) ?? []);
}

describe('escapeControl', () => {
  it('shows control characters, bidi overrides and line separators escaped and leaves the rest alone', () => {
    expect(escapeControl('a\u001b[8mb\nc\r\t\u0007\u009b\u202e\u2028é✓\\')).toBe(
      'a\\e[8mb\\nc\\r\\t\\x07\\x9b\\u202e\\u2028é✓\\',
    );
  });

  it('neutralises every string of a model, keys included, without touching the original', () => {
    const model = { 'k\u001b': ['\u0007', { deep: '\n' }], n: 1, b: true, z: null };
    expect(neutralise(model)).toEqual({ 'k\\e': ['\\x07', { deep: '\\n' }], n: 1, b: true, z: null });
    expect(model['k\u001b'][0]).toBe('\u0007');
  });
});

describe('renderers with hostile names and values', () => {
  for (const value of HOSTILE) {
    const label = JSON.stringify(value.slice(0, 40));
    const hostile = worldPlan(value, value, `${value}.yaml`);
    const clean = worldPlan('payments-prod', 'subnet full', 'payments.yaml');

    it(`text: no control character but its own colours, and the same lines as a clean plan, for ${label}`, () => {
      for (const color of [false, true]) {
        const text = renderText(hostile, { color });
        expect(text.replace(OUR_COLOURS, '')).not.toMatch(CONTROL);
        expect(text.split('\n')).toHaveLength(renderText(clean, { color }).split('\n').length);
      }
    });

    it(`markdown: one HTML comment (the marker) and the structure of a clean plan, for ${label}`, () => {
      const md = renderMarkdown(hostile, { hash: () => 'h' });
      expect(md).not.toMatch(CONTROL);
      expect(md.length).toBeLessThanOrEqual(65_536);
      expect(htmlComments(md)).toEqual(['<!-- atlas-cmk plan: h -->']);
      const cleanMd = renderMarkdown(clean, { hash: () => 'h' });
      if (md.includes('Output truncated')) {
        // A 100 KB name cannot fit: what is shown is a prefix of the clean structure, then the note.
        expect(structure(md).slice(0, 3)).toEqual(structure(cleanMd).slice(0, 3));
      } else {
        expect(structure(md)).toEqual(structure(cleanMd));
      }
      const rendered = new MarkdownIt({ html: true, linkify: true }).render(md);
      expect(rendered).not.toContain('<a ');
      expect(rendered).not.toContain('<img');
      expect(rendered).not.toContain('<em>');
      expect(rendered.match(/<details>/g)?.length ?? 0).toBe(rendered.match(/<\/details>/g)?.length ?? 0);
    });
  }
});
