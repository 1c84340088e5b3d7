import { describe, expect, it } from 'vitest';
import { plan, readPlan, renderJson } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';

describe('readPlan', () => {
  it('reads back what renderJson saved', () => {
    const p = plan(GOLDEN_WORLDS['first-enable']).plan;
    expect(readPlan(renderJson(p))).toEqual({ kind: 'ok', plan: p });
  });

  it('refuses text that is not a plan, with a sentence and no stack', () => {
    expect(readPlan('not json')).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/^The plan file is not JSON/),
    });
    expect(readPlan('[]')).toEqual({ kind: 'invalid', message: 'The plan file does not hold a plan object.' });
    expect(readPlan('{"formatVersion": 2, "projects": []}')).toEqual({
      kind: 'invalid',
      message: 'The plan has format version 2; this atlas-cmk reads version 1. Run atlas-cmk plan again.',
    });
  });

  it('refuses steps of unknown kinds and dangling dependencies', () => {
    const p = JSON.parse(renderJson(plan(GOLDEN_WORLDS['disable-cmk']).plan));
    p.projects[0].steps[0].kind = 'endpoint.explode';
    expect(readPlan(JSON.stringify(p))).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('unknown kind "endpoint.explode"'),
    });
    const q = JSON.parse(renderJson(plan(GOLDEN_WORLDS['disable-cmk']).plan));
    q.projects[0].steps[1].dependsOn = ['ghost'];
    expect(readPlan(JSON.stringify(q))).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('depends on unknown step "ghost"'),
    });
  });
});
