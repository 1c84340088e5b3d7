import { describe, expect, it } from 'vitest';
import { plan, renderJson, renderMarkdown, renderText } from '../src/index.js';
import { desired, live, loaded, world } from './world.js';

const CANARY = 'CANARY_7f3a9c_SECRET';

/** Every place in `value` where a string contains `needle`, as a path of keys. */
function occurrences(value: unknown, needle: string, path: string[] = []): string[][] {
  if (typeof value === 'string') return value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => occurrences(v, needle, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => occurrences(v, needle, [...path, k]));
  return [];
}

describe('secrets', () => {
  it('a canary secret reference appears only as a $secretRef marker in request bodies and as the reference in the desired state, never in rendered output', () => {
    const want = desired({ secretEnv: CANARY, regions: ['US_CENTRAL'] });
    const p = plan(world(want, live())).plan;
    const all = occurrences(JSON.parse(renderJson(p)), CANARY);
    // The desired state the plan was made from keeps the reference as written (apply --plan re-plans from it).
    const places = all.filter((place) => !place.includes('desired'));
    expect(all.filter((place) => place.includes('desired'))).toEqual([
      ['projects', '0', 'desired', 'document', 'spec', 'azureKeyVault', 'secret'],
    ]);
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) {
      expect(place.at(-1)).toBe('$secretRef');
      expect(place.at(-2)).toBe('secret');
      expect(place).toContain('request');
    }
    for (const change of p.projects[0]?.resourceChanges ?? []) expect(JSON.stringify(change)).not.toContain(CANARY);
    expect(renderText(p, { color: true })).not.toContain(CANARY);
    expect(renderMarkdown(p)).not.toContain(CANARY);
    expect(renderText(p, { color: false })).toContain('+ secret: (sensitive value)');
  });

  it('a literal secret (dropped by the loader) is sent as the (sensitive value) marker only', () => {
    const want = desired();
    want.spec.azureKeyVault.secret = { kind: 'literal' };
    const p = plan({ documents: [loaded(want)], live: new Map([[want.spec.projectId, live()]]) }).plan;
    const enable = p.projects[0]?.steps[0];
    expect(enable?.request?.body).toMatchObject({ azureKeyVault: { secret: '(sensitive value)' } });
  });
});
