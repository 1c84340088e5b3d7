import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plan, renderText } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';

const golden = (name: string): string => readFileSync(new URL(`./golden/${name}.txt`, import.meta.url), 'utf8');

describe('renderText', () => {
  for (const name of Object.keys(GOLDEN_WORLDS) as (keyof typeof GOLDEN_WORLDS)[]) {
    it(`renders the ${name} plan as test/golden/${name}.txt`, () => {
      expect(renderText(plan(GOLDEN_WORLDS[name]).plan, { color: false })).toBe(golden(name));
    });
  }

  it('colours symbols only when asked to', () => {
    const p = plan(GOLDEN_WORLDS['disable-cmk']).plan;
    const plain = renderText(p, { color: false });
    const coloured = renderText(p, { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31m-\u001b[39m endpoint.US_CENTRAL will be destroyed');
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '')).toBe(plain);
  });

  it('renders several projects, each with its own section and numbering, and one summary line', () => {
    const a = GOLDEN_WORLDS['first-enable'];
    const b = GOLDEN_WORLDS['disable-cmk'];
    const text = renderText(
      plan({
        documents: [
          ...a.documents,
          ...b.documents.map((d) => ({
            ...d,
            project: {
              ...d.project,
              metadata: { name: 'archive' },
              spec: { ...d.project.spec, projectId: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
            },
          })),
        ],
        live: new Map([
          ...a.live,
          ...[...b.live.values()].map(
            (l) => ['aaaaaaaaaaaaaaaaaaaaaaaa', { ...l, projectId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }] as const,
          ),
        ]),
      }).plan,
      { color: false },
    );
    expect(text.match(/^# project /gm)).toHaveLength(2);
    expect(text).toContain('# project archive (aaaaaaaaaaaaaaaaaaaaaaaa)');
    expect(text.match(/^ +1\. /gm)).toHaveLength(2);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 3 to add, 2 to change, 3 to destroy.');
  });
});
