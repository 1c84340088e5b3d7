import { canaryFixture, startWorld, type World } from '../world.js';

/** The example world as a mutable object, for the variants a scenario needs. */
export type FixtureDoc = ReturnType<typeof canaryFixture> & { timing?: Record<string, number> };

/** Simulated seconds per real second in a reliability world unless told otherwise. */
export const TIME_SCALE = 600;

/**
 * `startWorld()` with the world reloaded from `canaryFixture()` after `change`. The Digest nonce lifetime is set
 * back to Atlas's 300 real seconds: retry waits (backoff, Retry-After) run on the real clock, and at a 600x
 * simulated clock a one-second Retry-After would otherwise outlive a nonce, which Atlas never does.
 */
export async function startReliabilityWorld(
  options: { timeScale?: number; change?: (fixture: FixtureDoc) => void } = {},
): Promise<World> {
  const timeScale = options.timeScale ?? TIME_SCALE;
  const world = await startWorld({ timeScale });
  const fixture: FixtureDoc = canaryFixture();
  fixture.timing = { ...fixture.timing, nonceTtlSeconds: 300 * timeScale };
  options.change?.(fixture);
  const res = await fetch(`${world.sim.urls.control}/fixture`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fixture),
  });
  if (res.status !== 200) {
    await world.close();
    throw new Error(`the simulator refused the fixture variant: ${res.status} ${await res.text()}`);
  }
  return world;
}
