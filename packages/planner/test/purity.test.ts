import { describe, expect, it } from 'vitest';
import { plan, renderJson } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('purity', () => {
  it('does not modify its input and gives the same plan for the same input', () => {
    for (const w of Object.values(GOLDEN_WORLDS)) {
      const frozen = {
        documents: w.documents.map((d) => deepFreeze({ ...d, project: structuredClone(d.project) })),
        live: new Map([...w.live].map(([id, state]) => [id, deepFreeze(structuredClone(state))])),
      };
      const first = renderJson(plan(frozen).plan);
      expect(renderJson(plan(frozen).plan)).toBe(first);
      expect(first).toBe(renderJson(plan(w).plan));
    }
  });

  it('gives steps no shared arrays, so a consumer changing one step cannot change another', () => {
    const steps = plan(GOLDEN_WORLDS['rotate-and-repair']).plan.projects[0]?.steps ?? [];
    const arrays = steps.flatMap((s) => Object.values(s).filter((v): v is unknown[] => Array.isArray(v)));
    expect(new Set(arrays).size).toBe(arrays.length);
  });
});
