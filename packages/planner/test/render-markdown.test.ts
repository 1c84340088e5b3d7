import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIMIT, fnv1a64, plan, renderJson, renderMarkdown } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';
import { desired, live, loaded } from './world.js';

describe('renderMarkdown', () => {
  it('starts with the hidden marker of the JSON plan hash, then the summary, then details per project', () => {
    const p = plan(GOLDEN_WORLDS['rotate-and-repair']).plan;
    const md = renderMarkdown(p);
    const [first, ...rest] = md.split('\n');
    expect(first).toBe(`<!-- atlas-cmk plan: ${fnv1a64(renderJson(p))} -->`);
    const text = rest.join('\n');
    expect(text.indexOf('**Plan: 1 to add, 1 to change, 2 to destroy.**')).toBeLessThan(text.indexOf('<details>'));
    expect(text).toContain('| `payments-prod` | `66c9e8f1dd6c9960802420e9` | 1 | 1 | 2 | 9 |');
    expect(text).toContain(
      '<details><summary><code>payments-prod</code> (66c9e8f1dd6c9960802420e9): 1 to add, 1 to change, 2 to destroy, 9 steps</summary>',
    );
    // In the diff block the change symbol leads the line so GitHub colours it.
    expect(text).toContain('\n```diff\n');
    expect(text).toContain('\n!       keyIdentifier: "…/atlas/78b9134f…" -> "…/atlas/0c1d2e3f…"\n');
    expect(text).toContain('\n-   endpoint.EUROPE_NORTH will be destroyed\n');
    expect(text).not.toContain('truncated');
  });

  it('renders the rotate-and-repair plan as test/golden/rotate-and-repair.markdown.txt', () => {
    const golden = readFileSync(new URL('./golden/rotate-and-repair.markdown.txt', import.meta.url), 'utf8');
    expect(renderMarkdown(plan(GOLDEN_WORLDS['rotate-and-repair']).plan)).toBe(golden);
  });

  it('says "No changes" for an empty plan', () => {
    const p = plan({ documents: [loaded(desired())], live: new Map([[live().projectId, live({ cmk: true })]]) }).plan;
    const md = renderMarkdown(p);
    expect(md.startsWith('<!-- atlas-cmk plan: fnv1a64:')).toBe(true);
    expect(md).toContain('**No changes.** Live state matches the desired state.');
    expect(md).not.toContain('<details>');
  });

  it('never exceeds 65,536 characters: details are cut with a note on how to see the full plan', () => {
    const ids = Array.from({ length: 400 }, (_, i) => i.toString(16).padStart(24, '0'));
    const documents = ids.map((projectId) =>
      loaded(
        desired({
          projectId,
          name: `team-${projectId.slice(-3)}`,
          regions: ['US_CENTRAL', 'EUROPE_NORTH', 'UK_SOUTH'],
        }),
      ),
    );
    const p = plan({ documents, live: new Map(ids.map((projectId) => [projectId, live({ projectId })])) }).plan;
    const md = renderMarkdown(p);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md.length).toBeGreaterThan(MARKDOWN_LIMIT - 4000);
    expect(md).toContain('**Output truncated** to fit a pull-request comment. Run `atlas-cmk plan`');
    expect(md.split('```').length % 2).toBe(1);
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect(md.startsWith(`<!-- atlas-cmk plan: ${fnv1a64(renderJson(p))} -->\n`)).toBe(true);
  });

  it('stays within every limit, with closed fences and details', () => {
    const p = plan(GOLDEN_WORLDS['first-enable']).plan;
    for (let limit = 700; limit <= 4_000; limit += 1) {
      const md = renderMarkdown(p, { limit, hash: () => 'h' });
      expect(md.length, `limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(md.split('```').length % 2, `limit ${limit}`).toBe(1);
      expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
    }
  });

  it('honours a smaller limit and cuts inside a project at a line boundary', () => {
    const p = plan(GOLDEN_WORLDS['first-enable']).plan;
    const md = renderMarkdown(p, { limit: 2_000 });
    expect(md.length).toBeLessThanOrEqual(2_000);
    expect(md).toContain('<details>');
    expect(md).toContain('</details>');
    expect(md.split('```').length % 2).toBe(1);
    expect(md.trimEnd().endsWith('to see the full plan.')).toBe(true);
  });
});
