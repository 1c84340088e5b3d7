import { describe, expect, it } from 'vitest';
import { AtlasApiError } from '../http/errors.js';
import { createSharedPoller, type PollerDeps } from './shared-poller.js';
import { StepError } from './step-error.js';

/** A virtual clock: `sleep` moves time forward at once (and still honours abort). */
function clock() {
  const state = { now: 0 };
  const sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return Promise.reject(signal.reason);
    state.now += ms;
    return new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { state, now: () => state.now, sleep };
}

/** A listing whose status per key follows a script indexed by read number. */
function setup(script: (read: number) => Record<string, string>, signal = new AbortController().signal) {
  const c = clock();
  const reads: number[] = [];
  const deps: PollerDeps<Record<string, string>> = {
    read: () => {
      reads.push(c.state.now);
      return Promise.resolve(script(reads.length));
    },
    signal,
    now: c.now,
    sleep: c.sleep,
    pollIntervalMs: 10_000,
    maxPollIntervalMs: 30_000,
    heartbeatMs: 10_000,
  };
  return { poller: createSharedPoller(deps), reads, c };
}

const untilStatus = (key: string, want: string, events: string[] = [], deadlineAt = 600_000) => ({
  check: (s: Record<string, string>) =>
    s[key] === want
      ? { kind: 'done' as const, value: `${key} ${want}` }
      : s[key] === 'FAILED'
        ? { kind: 'fail' as const, error: new StepError({ message: `${key} FAILED` }) }
        : { kind: 'pending' as const, observed: s[key] ?? 'absent' },
  onObserved: (o: string) => events.push(`${key}:${o}`),
  onRetry: () => undefined,
  deadlineAt,
  deadlineError: (o: string) => new StepError({ message: `${key} still ${o}` }),
});

describe('createSharedPoller', () => {
  it('serves every waiting step with one read per tick and backs off', async () => {
    const { poller, reads } = setup((n) => ({
      a: n >= 4 ? 'ACTIVE' : 'INITIATING',
      b: n >= 5 ? 'ACTIVE' : 'INITIATING',
    }));
    const results = await Promise.all([
      poller.wait(untilStatus('a', 'ACTIVE')),
      poller.wait(untilStatus('b', 'ACTIVE')),
    ]);
    expect(results).toEqual(['a ACTIVE', 'b ACTIVE']);
    // b joins while the first read is in flight, which restarts the back-off: 10 s, 10 s, 15 s, 22.5 s.
    expect(reads).toEqual([0, 10_000, 20_000, 35_000, 57_500]);
  });

  it('sends a heartbeat at least every heartbeat interval while ticks are far apart', async () => {
    const { poller, c } = setup((n) => ({ a: n >= 4 ? 'ACTIVE' : 'PENDING_ACCEPTANCE' }));
    const times: number[] = [];
    const observed = new Set<string>();
    await poller.wait({
      ...untilStatus('a', 'ACTIVE'),
      onObserved: (o: string) => {
        times.push(c.state.now);
        observed.add(o);
      },
    });
    // Ticks at 0, 10, 25 and 47.5 s; heartbeats at 20, 35 and 45 s fill the longer gaps, none doubles a tick.
    expect(times).toEqual([0, 10_000, 20_000, 25_000, 35_000, 45_000]);
    expect(observed).toEqual(new Set(['PENDING_ACCEPTANCE']));
  });

  it('fails a step on its fail condition or deadline without disturbing the others', async () => {
    const { poller } = setup((n) => ({
      a: n >= 2 ? 'FAILED' : 'INITIATING',
      b: 'INITIATING',
      c: n >= 3 ? 'ACTIVE' : 'x',
    }));
    const [a, b, c] = await Promise.allSettled([
      poller.wait(untilStatus('a', 'ACTIVE')),
      poller.wait(untilStatus('b', 'ACTIVE', [], 20_000)),
      poller.wait(untilStatus('c', 'ACTIVE')),
    ]);
    expect(a.status === 'rejected' && (a.reason as StepError).message).toBe('a FAILED');
    expect(b.status === 'rejected' && (b.reason as StepError).message).toBe('b still INITIATING');
    expect(c).toEqual({ status: 'fulfilled', value: 'c ACTIVE' });
  });

  it('ends every wait when the signal aborts', async () => {
    const controller = new AbortController();
    const { poller } = setup(() => ({ a: 'INITIATING' }), controller.signal);
    const waiting = poller.wait(untilStatus('a', 'ACTIVE'));
    setTimeout(() => controller.abort(new Error('stopped')), 5);
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('polls through a transient read failure and ends every wait on a permanent one', async () => {
    const request = { operation: 'listEarPrivateEndpoints', method: 'GET', url: 'https://cloud.mongodb.com/x' };
    const failures = [
      new AtlasApiError(request, { status: 503, errorCode: 'SERVICE_UNAVAILABLE' }),
      new AtlasApiError(request, { status: 401, errorCode: 'NOT_IN_GROUP' }),
    ];
    const c = clock();
    const retries: string[] = [];
    let reads = 0;
    const poller = createSharedPoller<Record<string, string>>({
      read: () => {
        reads += 1;
        const failure = failures[reads - 1];
        return failure ? Promise.reject(failure) : Promise.resolve({ a: 'ACTIVE' });
      },
      signal: new AbortController().signal,
      now: c.now,
      sleep: c.sleep,
      pollIntervalMs: 10_000,
      maxPollIntervalMs: 30_000,
      heartbeatMs: 10_000,
    });
    const waiting = poller.wait({ ...untilStatus('a', 'ACTIVE'), onRetry: (reason: string) => retries.push(reason) });
    await expect(waiting).rejects.toBe(failures[1]);
    expect(reads).toBe(2);
    expect(retries).toEqual([failures[0]?.message]);
  });
});
