/** What one reconcile pass ended with. */
export type PassResult =
  | { kind: 'clean' }
  | { kind: 'repaired'; steps: number }
  | { kind: 'drift-left'; heldBack: number }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' };

/** The edges of {@link reconcileLoop}; tests pass a fake clock and fake passes. */
export interface LoopDeps {
  /** One pass: read, plan, apply what is allowed. Must not throw for Atlas or Azure problems (return `failed`). */
  pass(signal: AbortSignal): Promise<PassResult>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  intervalMs: number;
  /** The longest wait after failed passes (the backoff cap). */
  maxBackoffMs: number;
  /** Run once (no `--watch`). */
  once: boolean;
  onWait?(ms: number, afterFailures: number): void;
}

/** The wait before the next pass after `failures` failed passes in a row: the interval, doubled per failure, capped. */
export function nextWait(intervalMs: number, maxBackoffMs: number, failures: number): number {
  if (failures === 0) return intervalMs;
  const cap = Math.max(maxBackoffMs, intervalMs);
  return Math.min(cap, intervalMs * 2 ** Math.min(failures, 30));
}

/**
 * Run passes until the signal aborts (or once). Passes never overlap: the next starts only after the previous one
 * has returned, so one process never runs two changes on one project at once. A failed pass doubles the wait
 * (up to the cap); a good one resets it. An abort during the wait ends the loop at once; an abort during a pass is
 * handled by the pass (the apply executor stops starting steps and lets in-flight requests end).
 * Returns the last pass's result.
 */
export async function reconcileLoop(deps: LoopDeps): Promise<PassResult> {
  let failures = 0;
  let last: PassResult = { kind: 'stopped' };
  while (!deps.signal.aborted) {
    last = await deps.pass(deps.signal);
    if (last.kind === 'stopped' || deps.once) return last;
    failures = last.kind === 'failed' ? failures + 1 : 0;
    const wait = nextWait(deps.intervalMs, deps.maxBackoffMs, failures);
    deps.onWait?.(wait, failures);
    try {
      await deps.sleep(wait, deps.signal);
    } catch {
      if (deps.signal.aborted) break;
      throw new Error('the wait between passes failed');
    }
  }
  return deps.signal.aborted && last.kind !== 'failed' ? { kind: 'stopped' } : last;
}
