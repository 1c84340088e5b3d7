/**
 * A one-producer, one-consumer queue that turns a callback (`push`) into an `AsyncIterable`: the executor emits
 * run events synchronously, a renderer consumes them at its own pace. `close()` ends the iteration.
 */
export interface EventChannel<T> extends AsyncIterable<T> {
  push(item: T): void;
  close(): void;
}

export function createEventChannel<T>(): EventChannel<T> {
  const buffer: T[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    push(item) {
      if (closed) return;
      buffer.push(item);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (buffer.length > 0) yield buffer.shift() as T;
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
