import { describe, expect, it } from 'vitest';
import type { ClusterWaitStep, Step } from '../step-types.js';
import { checkAcyclic } from './check-acyclic.js';

const wait = (id: string, dependsOn: string[]): ClusterWaitStep => ({
  id,
  kind: 'cluster.waitIdle',
  target: id,
  dependsOn,
  destructive: false,
  description: `Wait for ${id}`,
  cluster: id,
  until: ['IDLE'],
  request: { method: 'GET', path: `/clusters/${id}` },
});

describe('checkAcyclic', () => {
  it('returns the steps in a topological order', () => {
    const steps: Step[] = [wait('b', ['a']), wait('a', [])];
    expect(checkAcyclic('p1', steps).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('throws on a cycle, naming it', () => {
    expect(() => checkAcyclic('p1', [wait('a', ['b']), wait('b', ['a'])])).toThrow(/cycle for project p1: a -> b -> a/);
  });

  it('throws on a dependency that is not a step, and on duplicate ids', () => {
    expect(() => checkAcyclic('p1', [wait('a', ['ghost'])])).toThrow(/unknown step ghost/);
    expect(() => checkAcyclic('p1', [wait('a', []), wait('a', [])])).toThrow(/duplicate step ids/);
  });
});
