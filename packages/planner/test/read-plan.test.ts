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
    expect(readPlan('{"formatVersion": 1, "projects": []}')).toEqual({
      kind: 'invalid',
      message: 'The plan has format version 1; this atlas-cmk reads version 2. Run atlas-cmk plan again.',
    });
    const saved = renderJson(plan(GOLDEN_WORLDS['first-enable']).plan);
    expect(readPlan(saved.slice(0, saved.length / 2))).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/^The plan file is not JSON .*cut short/),
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

  it('refuses steps that form a cycle, duplicate ids, a missing desired state and summaries that are not counts', () => {
    const fresh = () => JSON.parse(renderJson(plan(GOLDEN_WORLDS['disable-cmk']).plan));
    const cycle = fresh();
    const [first, second] = cycle.projects[0].steps;
    first.dependsOn = [second.id];
    second.dependsOn = [first.id];
    expect(readPlan(JSON.stringify(cycle))).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('its steps form a cycle'),
    });
    const twice = fresh();
    twice.projects[0].steps.push(twice.projects[0].steps[0]);
    expect(readPlan(JSON.stringify(twice))).toMatchObject({ message: expect.stringContaining('appears twice') });
    const bare = fresh();
    delete bare.projects[0].desired;
    expect(readPlan(JSON.stringify(bare))).toMatchObject({
      message: expect.stringContaining('the desired state it was planned from is missing'),
    });
    const summary = fresh();
    summary.summary.steps = '0';
    expect(readPlan(JSON.stringify(summary))).toEqual({
      kind: 'invalid',
      message: "The plan's summary has no count of steps.",
    });
  });
});
