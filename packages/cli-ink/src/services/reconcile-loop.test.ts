import { describe, expect, it } from 'vitest';
import { nextWait, reconcileLoop, type PassResult } from './reconcile-loop.js';

describe('nextWait', () => {
  it('is the interval after a good pass, doubles per failed pass and stops at the cap', () => {
    expect(nextWait(60_000, 3_600_000, 0)).toBe(60_000);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => nextWait(60_000, 3_600_000, n) / 60_000)).toEqual([
      2, 4, 8, 16, 32, 60, 60,
    ]);
    expect(nextWait(60_000, 1_000, 3)).toBe(60_000);
    expect(nextWait(1_000, 3_600_000, 1_000)).toBe(3_600_000);
  });
});

describe('reconcileLoop', () => {
  it('never overlaps passes, backs off on failures, resets after a success, and stops on abort during the wait', async () => {
    const controller = new AbortController();
    const results: PassResult[] = [
      { kind: 'failed', message: 'a' },
      { kind: 'failed', message: 'b' },
      { kind: 'repaired', steps: 3 },
      { kind: 'clean' },
    ];
    const waits: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const last = await reconcileLoop({
      async pass() {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await Promise.resolve();
        running -= 1;
        return results.shift() ?? { kind: 'clean' };
      },
      async sleep(ms, signal) {
        waits.push(ms);
        if (waits.length === 4) controller.abort();
        if (signal.aborted) throw new Error('aborted');
      },
      signal: controller.signal,
      intervalMs: 10,
      maxBackoffMs: 25,
      once: false,
    });
    expect(maxRunning).toBe(1);
    expect(waits).toEqual([20, 25, 10, 10]);
    expect(last).toEqual({ kind: 'stopped' });
  });

  it('runs one pass without --watch and returns its result; a stopped pass ends the loop', async () => {
    const signal = new AbortController().signal;
    const sleep = async (): Promise<void> => {
      throw new Error('no wait expected');
    };
    const base = { sleep, signal, intervalMs: 1, maxBackoffMs: 1 };
    expect(await reconcileLoop({ ...base, once: true, pass: async () => ({ kind: 'failed', message: 'x' }) })).toEqual({
      kind: 'failed',
      message: 'x',
    });
    expect(await reconcileLoop({ ...base, once: false, pass: async () => ({ kind: 'stopped' }) })).toEqual({
      kind: 'stopped',
    });
  });
});
