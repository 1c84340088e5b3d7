/**
 * A generic directed graph of string nodes where an edge `a -> b` means "`a` depends on `b`" (b first).
 * It knows nothing of steps: the planner's passes use it to order steps and to prove the order acyclic.
 */
export interface DagInput {
  /** Nodes in their preferred order; ties in the topological order keep this order. */
  nodes: readonly string[];
  /** The nodes `node` depends on. Unknown nodes are reported by {@link topologicalOrder}. */
  dependenciesOf: (node: string) => readonly string[];
}

/** The outcome of ordering: an order, or a cycle (its nodes, first repeated last) or a dangling edge. */
export type DagOrder =
  | { kind: 'ordered'; order: string[] }
  | { kind: 'cycle'; cycle: string[] }
  | { kind: 'unknown-dependency'; node: string; dependency: string };

/**
 * Kahn's algorithm, stable: among the nodes whose dependencies are done, the earliest in `nodes` comes
 * first, so an already valid order is kept as it is.
 */
export function topologicalOrder(input: DagInput): DagOrder {
  const position = new Map(input.nodes.map((node, index) => [node, index]));
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of input.nodes) {
    const deps = [...new Set(input.dependenciesOf(node))];
    for (const dep of deps) {
      if (!position.has(dep)) return { kind: 'unknown-dependency', node, dependency: dep };
      dependents.set(dep, [...(dependents.get(dep) ?? []), node]);
    }
    remaining.set(node, deps.length);
  }
  const ready = input.nodes.filter((node) => remaining.get(node) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const node = ready.shift() as string;
    order.push(node);
    for (const dependent of dependents.get(node) ?? []) {
      const left = (remaining.get(dependent) ?? 0) - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length === input.nodes.length) return { kind: 'ordered', order };
  return { kind: 'cycle', cycle: findCycle(input, new Set(order)) };
}

/** A cycle among the nodes not in `done`, found by depth-first search. */
function findCycle(input: DagInput, done: ReadonlySet<string>): string[] {
  const state = new Map<string, 'visiting' | 'visited'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'visiting');
    path.push(node);
    for (const dep of input.dependenciesOf(node)) {
      if (done.has(dep)) continue;
      if (state.get(dep) === 'visiting') return [...path.slice(path.indexOf(dep)), dep];
      if (state.get(dep) === undefined) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, 'visited');
    return undefined;
  };
  for (const node of input.nodes) {
    if (done.has(node) || state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return [];
}
