import { describe, expect, it } from 'vitest';
import { PLAN_FORMAT_VERSION, plan, renderJson, type Plan } from '../src/index.js';
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
});
