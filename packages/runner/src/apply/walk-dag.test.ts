import { describe, expect, it } from 'vitest';
import { walkDag, type DagNode, type TaskResult } from './walk-dag.js';

const node = (key: string, ...dependsOn: string[]): DagNode => ({ key, dependsOn });

/** A task runner whose tasks finish when the test says so, recording what started and what overlapped. */
function controlled() {
  const started: string[] = [];
  const finishers = new Map<string, (r: TaskResult) => void>();
  let running = 0;
  let maxRunning = 0;
  const run = (n: DagNode, signal: AbortSignal): Promise<TaskResult> => {
    started.push(n.key);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<TaskResult>((resolve) => {
      const done = (r: TaskResult): void => {
        running -= 1;
        resolve(r);
      };
      finishers.set(n.key, done);
      signal.addEventListener('abort', () => done('interrupted'), { once: true });
    });
  };
  const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
  const finish = async (key: string, r: TaskResult = 'succeeded'): Promise<void> => {
    const f = finishers.get(key);
    if (!f) throw new Error(`${key} has not started`);
    f(r);
    await tick();
  };
  return { run, started, finish, tick, maxRunning: () => maxRunning };
}

describe('walkDag', () => {
  it('runs independent nodes in parallel up to the limit, dependents after their dependencies', async () => {
    const c = controlled();
    const nodes = [node('a'), node('b'), node('c'), node('d', 'a', 'b')];
    const walk = walkDag(nodes, { concurrency: 2, signal: new AbortController().signal, run: c.run });
    await c.tick();
    expect(c.started).toEqual(['a', 'b']);
    await c.finish('a');
    expect(c.started).toEqual(['a', 'b', 'c']);
    await c.finish('b');
    expect(c.started).toEqual(['a', 'b', 'c', 'd']);
    await c.finish('c');
    await c.finish('d');
    const states = await walk;
    expect(c.maxRunning()).toBe(2);
    expect([...states.values()].every((s) => s.kind === 'succeeded')).toBe(true);
  });

  it('skips every dependent of a failed node, naming only the root cause', async () => {
    const nodes = [node('a'), node('b', 'a'), node('c', 'b'), node('d')];
    const skipped: [string, string][] = [];
    const states = await walkDag(nodes, {
      concurrency: 4,
      signal: new AbortController().signal,
      run: (n) => Promise.resolve(n.key === 'a' ? 'failed' : 'succeeded'),
      onSkip: (n, because) => skipped.push([n.key, because]),
    });
    expect(states.get('a')).toEqual({ kind: 'failed' });
    expect(states.get('b')).toEqual({ kind: 'skipped', because: 'a' });
    expect(states.get('c')).toEqual({ kind: 'skipped', because: 'a' });
    expect(states.get('d')).toEqual({ kind: 'succeeded' });
    expect(skipped).toEqual([
      ['b', 'a'],
      ['c', 'a'],
    ]);
  });

  it('counts a throwing task as failed', async () => {
    const states = await walkDag([node('a'), node('b', 'a')], {
      concurrency: 1,
      signal: new AbortController().signal,
      run: () => Promise.reject(new Error('boom')),
    });
    expect(states.get('a')).toEqual({ kind: 'failed' });
    expect(states.get('b')).toEqual({ kind: 'skipped', because: 'a' });
  });

  it('starts nothing new after abort; running tasks end interrupted and the rest stay pending', async () => {
    const c = controlled();
    const controller = new AbortController();
    const nodes = [node('a'), node('b'), node('c', 'a'), node('d')];
    const walk = walkDag(nodes, { concurrency: 2, signal: controller.signal, run: c.run });
    await c.tick();
    await c.finish('a');
    expect(c.started).toEqual(['a', 'b', 'c']);
    controller.abort();
    const states = await walk;
    expect(c.started).toEqual(['a', 'b', 'c']);
    expect(states.get('a')).toEqual({ kind: 'succeeded' });
    expect(states.get('b')).toEqual({ kind: 'interrupted' });
    expect(states.get('c')).toEqual({ kind: 'interrupted' });
    expect(states.get('d')).toEqual({ kind: 'pending' });
  });

  it('skips a node that depends on an unknown key instead of hanging', async () => {
    const states = await walkDag([node('a', 'ghost')], {
      concurrency: 1,
      signal: new AbortController().signal,
      run: () => Promise.resolve('succeeded'),
    });
    expect(states.get('a')).toEqual({ kind: 'skipped', because: 'ghost' });
  });
});
