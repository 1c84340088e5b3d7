import { describe, expect, it } from 'vitest';
import { firstPlanDifference, plan, renderJson, type Plan } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';

/** The plan of a golden world, and a saved copy of it (JSON round trip) for the test to alter. */
function pair(world: keyof typeof GOLDEN_WORLDS): { derived: Plan; saved: Plan } {
  const derived = plan(GOLDEN_WORLDS[world]).plan;
  return { derived, saved: JSON.parse(renderJson(derived)) as Plan };
}

describe('firstPlanDifference: a saved plan runs only when it equals the re-derived plan', () => {
  it('finds no difference between a plan and its saved copy', () => {
    for (const world of Object.keys(GOLDEN_WORLDS) as (keyof typeof GOLDEN_WORLDS)[]) {
      const { derived, saved } = pair(world);
      expect(firstPlanDifference(saved, derived), world).toBeUndefined();
    }
  });

  it('names the first altered field of a request body', () => {
    const { derived, saved } = pair('first-enable');
    const body = saved.projects[0]!.steps[0]!.request!.body as { azureKeyVault: Record<string, unknown> };
    body.azureKeyVault.resourceGroupName = { $secretRef: '${env:MONGODB_ATLAS_PRIVATE_API_KEY}' };
    expect(firstPlanDifference(saved, derived)).toEqual({
      projectId: derived.projects[0]!.projectId,
      where: `step 1 (${derived.projects[0]!.steps[0]!.id}) request.body.azureKeyVault.resourceGroupName`,
      saved: '{"$secretRef":"${env:MONGODB_ATLAS_PRIVATE_API_KEY}"}',
      derived: '"rg-payments"',
    });
  });

  it('refuses every kind of alteration: added, removed, reordered steps, method, path, dependsOn, destructive, summary', () => {
    const alterations: [string, (p: Plan) => void, RegExp][] = [
      [
        'a step added',
        (p) => p.projects[0]!.steps.push({ ...p.projects[0]!.steps[0]!, id: 'extra' }),
        /^step \d+ \(extra\)$/,
      ],
      ['a step removed', (p) => p.projects[0]!.steps.pop(), /^step \d+ /],
      ['steps reordered', (p) => p.projects[0]!.steps.reverse(), /^step 1 /],
      ['method', (p) => (p.projects[0]!.steps[0]!.request!.method = 'DELETE'), /request\.method$/],
      ['path', (p) => (p.projects[0]!.steps[0]!.request!.path = '/api/atlas/v2/groups/other'), /request\.path$/],
      ['dependsOn', (p) => (p.projects[0]!.steps.at(-1)!.dependsOn = []), /dependsOn/],
      ['destructive', (p) => (p.projects[0]!.steps[0]!.destructive = true), /destructive$/],
      ['description', (p) => (p.projects[0]!.steps[0]!.description = 'harmless'), /description$/],
      ['project summary', (p) => (p.projects[0]!.summary.steps = 0), /^summary\.steps$/],
      ['plan summary', (p) => (p.summary.steps = 0), /^the plan's summary\.steps$/],
      ['a project added', (p) => p.projects.push(p.projects[0]!), /^project 2 of the plan$/],
    ];
    for (const [name, alter, where] of alterations) {
      const { derived, saved } = pair('rotate-and-repair');
      alter(saved);
      expect(firstPlanDifference(saved, derived)?.where, name).toMatch(where);
    }
  });
});
