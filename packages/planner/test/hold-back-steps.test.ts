import { describe, expect, it } from 'vitest';
import { holdBackSteps, plan } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';

describe('holdBackSteps', () => {
  it('leaves out destructive steps and everything that depends on them, keeping a valid DAG', () => {
    const full = plan(GOLDEN_WORLDS['rotate-and-repair']).plan;
    const { plan: kept, heldBack } = holdBackSteps(full, (s) => !s.destructive);
    const steps = kept.projects[0]!.steps;
    expect(steps.some((s) => s.destructive)).toBe(false);
    const ids = new Set(steps.map((s) => s.id));
    for (const s of steps) for (const d of s.dependsOn) expect(ids.has(d)).toBe(true);
    expect(heldBack.filter((h) => h.because === 'not-allowed').map((h) => h.kind)).toContain('endpoint.delete');
    // The FAILED endpoint's replacement waits for its deletion, so it is held back too.
    expect(heldBack.some((h) => h.because === 'depends-on-held-back' && h.kind === 'endpoint.create')).toBe(true);
    expect(kept.summary.steps).toBe(steps.length);
    expect(steps.length + heldBack.length).toBe(full.projects[0]!.steps.length);
    // The key rotation (an ear.update) is not destructive and stays.
    expect(steps.map((s) => s.kind)).toContain('ear.update');
    expect(full.projects[0]!.steps.length).toBe(full.summary.steps);
  });

  it('returns the plan unchanged when every step is allowed', () => {
    const full = plan(GOLDEN_WORLDS['first-enable']).plan;
    const { plan: kept, heldBack } = holdBackSteps(full, () => true);
    expect(heldBack).toEqual([]);
    expect(kept.projects[0]).toBe(full.projects[0]);
  });
});
