/** A counting semaphore: at most `limit` holders at once; waiters are served first come, first served. */
export interface Semaphore {
  /** Run `task` while holding one permit. Waiting stops with the signal's reason when `signal` aborts. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Create a semaphore with `limit` permits (at least 1). */
export function createSemaphore(limit: number): Semaphore {
  const max = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiters: (() => void)[] = [];

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (active < max) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        active += 1;
        resolve();
      };
      const onAbort = (): void => {
        const index = waiters.indexOf(grant);
        if (index >= 0) waiters.splice(index, 1);
        reject(signal?.reason);
      };
      waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  const release = (): void => {
    active -= 1;
    waiters.shift()?.();
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
