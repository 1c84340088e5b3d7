import { AbortedError, type RequestInfo } from './errors.js';

/**
 * Wait for a shared `promise` (e.g. one token request serving many callers) until it settles or this
 * caller's `signal` fires. Aborting stops only this caller's wait; the shared work goes on for the others.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, info: RequestInfo): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortedError(info, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError(info, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
