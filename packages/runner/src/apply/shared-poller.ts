import { AtlasApiError } from '../http/errors.js';
import { StepError } from './step-error.js';
import type { Observation, WaitRequest } from './wait-request.js';

/** The edges of a poller. */
export interface PollerDeps<S> {
  /** One read serving every waiting step (e.g. one endpoint list call). */
  read(signal: AbortSignal): Promise<S>;
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  heartbeatMs: number;
}

/** A poll loop shared by every step waiting on the same listing. */
export interface SharedPoller<S> {
  wait<T>(request: WaitRequest<S, T>): Promise<T>;
}

interface Waiter<S> {
  request: WaitRequest<S, unknown>;
  observed: string;
  lastEmitAt: number;
  settle(outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void;
}

/**
 * Create a shared poller: while any step waits, one `read` per tick serves them all. Ticks start at
 * `pollIntervalMs` and back off by half up to `maxPollIntervalMs`; a newly joining step brings the next
 * tick back to one base interval after the last read. Between ticks each step gets a heartbeat at least
 * every `heartbeatMs`. Each step ends on its own condition, failure or deadline; an abort of `signal`
 * ends them all with the abort reason.
 */
export function createSharedPoller<S>(deps: PollerDeps<S>): SharedPoller<S> {
  const waiters = new Set<Waiter<S>>();
  const loop = { running: false, lastReadAt: -Infinity, latest: undefined as { at: number; snapshot: S } | undefined };
  let wake = new AbortController();

  const evaluate = (waiter: Waiter<S>, snapshot: S): void => {
    let observation: Observation<unknown>;
    try {
      observation = waiter.request.check(snapshot);
    } catch (error) {
      observation = {
        kind: 'fail',
        error: error instanceof StepError ? error : new StepError({ message: String(error) }),
      };
    }
    switch (observation.kind) {
      case 'done':
        finish(waiter, { ok: true, value: observation.value });
        return;
      case 'fail':
        finish(waiter, { ok: false, error: observation.error });
        return;
      case 'pending':
        waiter.observed = observation.observed;
        waiter.lastEmitAt = deps.now();
        waiter.request.onObserved(observation.observed);
        return;
      default: {
        const unreachable: never = observation;
        return unreachable;
      }
    }
  };

  const finish = (waiter: Waiter<S>, outcome: Parameters<Waiter<S>['settle']>[0]): void => {
    if (!waiters.delete(waiter)) return;
    waiter.settle(outcome);
  };

  const checkDeadlines = (): void => {
    const now = deps.now();
    for (const w of [...waiters]) {
      if (now >= w.request.deadlineAt) finish(w, { ok: false, error: w.request.deadlineError(w.observed) });
    }
  };

  const failAll = (error: unknown): void => {
    for (const w of [...waiters]) finish(w, { ok: false, error });
  };

  const tick = async (): Promise<void> => {
    const eligible = [...waiters];
    loop.lastReadAt = deps.now();
    try {
      const snapshot = await deps.read(deps.signal);
      loop.latest = { at: loop.lastReadAt, snapshot };
      for (const w of eligible) if (waiters.has(w)) evaluate(w, snapshot);
    } catch (error) {
      if (deps.signal.aborted || !isTransient(error)) {
        failAll(error);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      for (const w of eligible) if (waiters.has(w)) w.request.onRetry(reason);
    }
  };

  const pause = async (interval: number): Promise<void> => {
    for (;;) {
      checkDeadlines();
      if (waiters.size === 0) return;
      const now = deps.now();
      const tickAt = loop.lastReadAt + interval;
      if (now >= tickAt) return;
      const nextDeadline = Math.min(...[...waiters].map((w) => w.request.deadlineAt));
      const slice = Math.max(1, Math.min(tickAt - now, deps.heartbeatMs, nextDeadline - now));
      try {
        await deps.sleep(slice, AbortSignal.any([deps.signal, wake.signal]));
      } catch (error) {
        if (deps.signal.aborted) throw error;
        // Woken by a joining step: the caller recomputes the interval.
        return;
      }
      const after = deps.now();
      // A tick due now reports every waiter itself.
      if (after >= tickAt) return;
      for (const w of waiters) {
        if (after - w.lastEmitAt >= deps.heartbeatMs) {
          w.lastEmitAt = after;
          w.request.onObserved(w.observed);
        }
      }
    }
  };

  const run = async (): Promise<void> => {
    loop.running = true;
    // Reads since the interval was last reset: the first wait is one base interval, then it grows by half.
    let reads = 0;
    const interval = (): number =>
      Math.min(deps.maxPollIntervalMs, Math.round(deps.pollIntervalMs * 1.5 ** Math.max(0, reads - 1)));
    try {
      while (waiters.size > 0) {
        if (deps.signal.aborted) throw deps.signal.reason;
        if (deps.now() >= loop.lastReadAt + interval()) {
          await tick();
          reads += 1;
        }
        if (wake.signal.aborted) {
          wake = new AbortController();
          reads = 0;
        }
        await pause(interval());
        if (wake.signal.aborted) {
          wake = new AbortController();
          reads = 0;
        }
      }
    } catch (error) {
      failAll(error);
    } finally {
      loop.running = false;
    }
  };

  return {
    wait<T>(request: WaitRequest<S, T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (deps.signal.aborted) {
          reject(deps.signal.reason);
          return;
        }
        const waiter: Waiter<S> = {
          request: request as WaitRequest<S, unknown>,
          observed: 'not read yet',
          lastEmitAt: deps.now(),
          settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)),
        };
        waiters.add(waiter);
        const latest = loop.latest;
        if (request.acceptRecent && latest && deps.now() - latest.at < deps.pollIntervalMs) {
          evaluate(waiter, latest.snapshot);
          if (!waiters.has(waiter)) return;
        }
        if (loop.running) wake.abort();
        else void run();
      });
    },
  };
}

/** Transient read failures are polled through; anything else (401, 403, 404…) ends every wait. */
function isTransient(error: unknown): boolean {
  if (error instanceof AtlasApiError) return error.status === 429 || error.status >= 500;
  const kind = (error as { kind?: unknown } | undefined)?.kind;
  return kind === 'transport' || kind === 'maybeApplied';
}
