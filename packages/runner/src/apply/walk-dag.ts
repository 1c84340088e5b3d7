/** One node of a DAG to walk: a unique key and the keys it depends on. */
export interface DagNode {
  key: string;
  dependsOn: readonly string[];
}

/** How a node's task ended: `interrupted` means it stopped because the walk's signal aborted. */
export type TaskResult = 'succeeded' | 'failed' | 'interrupted';

/**
 * The final state of one node. `skipped.because` is the key of the failed node at the root of the
 * chain (only root causes are reported); `pending` nodes never started because the walk was aborted (the
 * dependents of an interrupted node stay pending: nothing failed, the run was only stopped).
 */
export type NodeState =
  | { kind: 'succeeded' }
  | { kind: 'failed' }
  | { kind: 'interrupted' }
  | { kind: 'skipped'; because: string }
  | { kind: 'pending' };

/** What {@link walkDag} needs besides the nodes. */
export interface WalkOptions<N extends DagNode> {
  /** Tasks running at once (at least 1). */
  concurrency: number;
  /** Once aborted, no new task starts; running tasks receive it and should end as `interrupted`. */
  signal: AbortSignal;
  /** Runs one node. Must not throw: a thrown error counts as `failed`. */
  run(node: N, signal: AbortSignal): Promise<TaskResult>;
  /** Called once per node skipped because `because` (a failed root cause) did not succeed. */
  onSkip?(node: N, because: string): void;
}

/**
 * Walk a DAG: every node whose dependencies all succeeded becomes ready and starts, in input order, as
 * long as fewer than `concurrency` tasks run. When a node fails, everything that depends on it (directly
 * or not) is skipped with that node as the reason. Dependencies on unknown keys are treated as failed
 * roots of their own name, so a malformed plan skips rather than hangs. Returns every node's state.
 */
export async function walkDag<N extends DagNode>(
  nodes: readonly N[],
  options: WalkOptions<N>,
): Promise<Map<string, NodeState>> {
  const states = new Map<string, NodeState>();
  const known = new Set(nodes.map((n) => n.key));
  const limit = Math.max(1, Math.floor(options.concurrency));
  const running = new Map<string, Promise<void>>();

  const rootCause = (node: N): string | undefined => {
    for (const dep of node.dependsOn) {
      if (!known.has(dep)) return dep;
      const state = states.get(dep);
      if (state?.kind === 'failed') return dep;
      if (state?.kind === 'skipped') return state.because;
    }
    return undefined;
  };
  const ready = (node: N): boolean => node.dependsOn.every((dep) => states.get(dep)?.kind === 'succeeded');

  const settleSkips = (): void => {
    // Propagate until nothing changes: a skip can make further nodes skippable.
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of nodes) {
        if (states.has(node.key) || running.has(node.key)) continue;
        const because = rootCause(node);
        if (because === undefined) continue;
        states.set(node.key, { kind: 'skipped', because });
        options.onSkip?.(node, because);
        changed = true;
      }
    }
  };

  const start = (node: N): void => {
    const task = (async (): Promise<void> => {
      let result: TaskResult;
      try {
        result = await options.run(node, options.signal);
      } catch {
        result = options.signal.aborted ? 'interrupted' : 'failed';
      }
      states.set(node.key, { kind: result });
      running.delete(node.key);
    })();
    running.set(node.key, task);
  };

  for (;;) {
    settleSkips();
    if (!options.signal.aborted) {
      for (const node of nodes) {
        if (running.size >= limit) break;
        if (!states.has(node.key) && !running.has(node.key) && ready(node)) start(node);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  for (const node of nodes) if (!states.has(node.key)) states.set(node.key, { kind: 'pending' });
  return states;
}
