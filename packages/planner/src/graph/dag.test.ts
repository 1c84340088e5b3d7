import { describe, expect, it } from 'vitest';
import { topologicalOrder } from './dag.js';

const graph = (edges: Record<string, string[]>) => ({
  nodes: Object.keys(edges),
  dependenciesOf: (node: string) => edges[node] ?? [],
});

describe('topologicalOrder', () => {
  it('orders dependencies first and keeps the given order among independent nodes', () => {
    expect(topologicalOrder(graph({ c: ['a'], a: [], b: [], d: ['c', 'b'] }))).toEqual({
      kind: 'ordered',
      order: ['a', 'c', 'b', 'd'],
    });
  });

  it('keeps an order that is already valid as it is', () => {
    expect(topologicalOrder(graph({ a: [], b: ['a'], c: ['b'], d: [] }))).toEqual({
      kind: 'ordered',
      order: ['a', 'b', 'c', 'd'],
    });
  });

  it('reports a cycle with its nodes, the first repeated last', () => {
    const result = topologicalOrder(graph({ start: [], a: ['start', 'c'], b: ['a'], c: ['b'], after: ['a'] }));
    expect(result.kind).toBe('cycle');
    if (result.kind !== 'cycle') return;
    expect(result.cycle[0]).toBe(result.cycle.at(-1));
    expect(new Set(result.cycle)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('reports a self-loop as a cycle', () => {
    expect(topologicalOrder(graph({ a: ['a'] }))).toEqual({ kind: 'cycle', cycle: ['a', 'a'] });
  });

  it('reports a dependency on a node that does not exist', () => {
    expect(topologicalOrder(graph({ a: ['ghost'] }))).toEqual({
      kind: 'unknown-dependency',
      node: 'a',
      dependency: 'ghost',
    });
  });
});
