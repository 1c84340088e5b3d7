import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  PLAN_FORMAT_VERSION,
  PLAN_JSON_KEY_ORDER,
  plan,
  renderJson,
  renderJsonChunks,
  type Plan,
} from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';

describe('renderJson', () => {
  it('is the plan data itself, format version first, and parses back to the same plan', () => {
    const p = plan(GOLDEN_WORLDS['first-enable']).plan;
    const json = renderJson(p);
    expect(
      json.startsWith(
        `{\n  "formatVersion": ${PLAN_FORMAT_VERSION},\n  "projects": [\n    {\n      "projectId": "66c9e8f1dd6c9960802420e9",`,
      ),
    ).toBe(true);
    expect(JSON.parse(json) as Plan).toEqual(p);
    const project = (JSON.parse(json) as Plan).projects[0];
    expect(Object.keys(project ?? {})).toEqual([
      'projectId',
      'name',
      'file',
      'line',
      'fingerprint',
      'resourceChanges',
      'steps',
      'warnings',
      'desired',
      'summary',
    ]);
    expect(Object.keys(project?.steps[0] ?? {}).slice(0, 6)).toEqual([
      'id',
      'kind',
      'target',
      'dependsOn',
      'destructive',
      'description',
    ]);
  });

  it('is byte-identical for the same input planned twice', () => {
    expect(renderJson(plan(GOLDEN_WORLDS['disable-cmk']).plan)).toBe(
      renderJson(plan(GOLDEN_WORLDS['disable-cmk']).plan),
    );
  });

  it('is written a project at a time, with exactly the text of the whole plan serialised at once', () => {
    const one = plan(GOLDEN_WORLDS['first-enable']).plan;
    const two = plan(GOLDEN_WORLDS['disable-cmk']).plan;
    const many: Plan = { ...one, projects: [...one.projects, ...two.projects, ...one.projects] };
    const empty: Plan = { ...one, projects: [] };
    for (const p of [one, many, empty]) {
      const chunks = [...renderJsonChunks(p)];
      expect(chunks.length).toBeGreaterThanOrEqual(p.projects.length);
      expect(chunks.join('')).toBe(renderJson(p));
      expect(chunks.join('')).toBe(`${canonicalJson(p, { indent: 2, rank: PLAN_JSON_KEY_ORDER })}\n`);
    }
    expect(renderJson(many, { indent: 4 })).toBe(`${canonicalJson(many, { indent: 4, rank: PLAN_JSON_KEY_ORDER })}\n`);
  });
});
