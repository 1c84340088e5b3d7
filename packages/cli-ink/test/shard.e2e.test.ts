import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './run-cli.js';
import { startWorld, type World } from './world.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

async function shardProjects(shard: string): Promise<string[]> {
  const r = await world.cli(['plan', `${REPO_ROOT}examples`, '--format', 'json', '--shard', shard]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { projects: { projectId: string }[] }).projects.map((p) => p.projectId);
}

describe('plan --shard i/n', () => {
  it('splits the projects across shards: none in two shards, none left out, the same on every run', async () => {
    const all = (await shardProjects('1/1')).sort();
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const n of [2, 3]) {
      const shards: string[][] = [];
      for (let i = 1; i <= n; i++) shards.push(await shardProjects(`${i}/${n}`));
      const flat = shards.flat();
      expect(new Set(flat).size).toBe(flat.length);
      expect([...flat].sort()).toEqual(all);
      expect(await shardProjects(`1/${n}`)).toEqual(shards[0]);
    }
  });

  it('refuses a malformed shard', async () => {
    const r = await world.cli(['plan', `${REPO_ROOT}examples`, '--shard', '3/2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--shard must look like i/n');
  });
});
