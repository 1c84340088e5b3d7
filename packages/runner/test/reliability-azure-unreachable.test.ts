import { afterEach, describe, expect, it } from 'vitest';
import { startApplyWorld, type ApplyWorld } from './apply-harness.js';

let world: ApplyWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('apply when Azure cannot be reached', () => {
  it('an approval whose Resource Manager calls never get an answer names Azure, not Atlas, and a re-run approves', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    // Every Resource Manager connection is dropped; Atlas and the Entra token endpoint still answer.
    w.sim.setFaults({ seed: 1, rules: [{ kind: 'drop', rate: 1, match: { pathPrefix: '/azure/arm' } }] });
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      expect.objectContaining({
        stepId: 'endpoint.approve:US_CENTRAL',
        message: expect.stringMatching(
          /^armGetPrivateEndpointConnection could not reach GET \S+\/azure\/arm\/\S+: \S+$/,
        ),
        hint: expect.stringContaining('network path to Azure'),
      }),
    ]);
    expect(outcome.failures[0]?.hint).not.toContain('Atlas');

    w.sim.setFaults({ rules: [] });
    const again = await w.apply(await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' }));
    expect(again.outcome).toBe('converged');
    expect((await w.endpoints()).map((e) => e.status)).toEqual(['ACTIVE']);
  });

  it('a sign-in whose token requests never get an answer names Azure, not Atlas', async () => {
    const w = (world = await startApplyWorld());
    const planned = await w.planFor({ regions: ['US_CENTRAL'], approval: 'azure' });
    w.sim.setFaults({ seed: 1, rules: [{ kind: 'drop', rate: 1, match: { operationId: 'entraToken' } }] });
    const outcome = await w.apply(planned);

    expect(outcome.outcome).toBe('failed');
    expect(outcome.failures).toEqual([
      expect.objectContaining({
        stepId: 'endpoint.approve:US_CENTRAL',
        message: expect.stringMatching(
          /^Azure sign-in failed \(https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}\/oauth2\/v2\.0\/token\): /,
        ),
        hint: expect.stringContaining('network path to Azure'),
      }),
    ]);
    expect(outcome.failures[0]?.hint).not.toContain('Atlas');
  });
});
