import { request as undiciRequest } from 'undici';
import { AbortedError, MaybeAppliedError, TransportError, type RequestInfo } from './errors.js';
import { redactUrl, scrubSecrets } from './redact.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  isTransientCode,
  isTransientStatus,
  neverReachedServer,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';
import { createSemaphore } from './semaphore.js';
import { realSleep } from './sleep.js';
import {
  headerValue,
  type AuthStrategy,
  type ErrorMapper,
  type HttpEvent,
  type HttpRequest,
  type HttpResponse,
  type TransportDeps,
  type TransportOptions,
} from './types.js';

/** Sends requests with retries, a shared concurrency limit, timeouts, cancellation and events. */
export interface Transport {
  /**
   * Send `request` and return its success (status < 400) response. Throws the mapped service error for an
   * HTTP failure, `TransportError` for a network failure, `MaybeAppliedError` when a non-idempotent request
   * failed after it may have reached the server, `AbortedError` when `signal` fired.
   */
  send(request: HttpRequest, options?: SendOptions): Promise<HttpResponse>;
}

/** Per-call options of {@link Transport.send}. */
export interface SendOptions {
  signal?: AbortSignal;
  auth?: AuthStrategy;
  /** Overrides the transport's error mapper for this call (e.g. for an OAuth token endpoint). */
  toError?: ErrorMapper;
}

/** Code used when one attempt exceeds `requestTimeoutMs`. */
export const REQUEST_TIMEOUT_CODE = 'ETIMEDOUT';

/**
 * Create a transport. `secrets` are the long-lived credentials of the client: they are scrubbed from every
 * server-provided text that enters an error. One transport is one concurrency pool.
 */
export function createTransport(
  toError: ErrorMapper,
  secrets: readonly string[],
  options: TransportOptions = {},
  deps: TransportDeps = {},
): Transport {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const semaphore = createSemaphore(options.concurrency ?? 8);
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const emit = (event: HttpEvent): void => {
    try {
      deps.onEvent?.(event);
    } catch {
      // A failing progress view must not break (or hang) the request it observes.
    }
  };

  const exchange = async (
    request: HttpRequest,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<HttpResponse> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      const response = await undiciRequest(request.url, {
        method: request.method,
        headers,
        body: request.body,
        signal: combined,
        dispatcher: deps.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (timeout.signal.aborted && !signal?.aborted) {
        throw Object.assign(new Error(`no complete response within ${timeoutMs} ms`, { cause: error }), {
          code: REQUEST_TIMEOUT_CODE,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async send(request, { signal, auth, toError: mapError = toError } = {}) {
      const info: RequestInfo = { operation: request.operation, method: request.method, url: redactUrl(request.url) };
      const known = [...secrets, ...(request.secrets ?? [])];
      const scrub = (text: string): string => scrubSecrets(text, known);
      const idempotent = request.idempotent ?? request.method !== 'POST';
      const started = now();
      let authRetried = false;
      let attempt = 0;

      // Waits before the next attempt, or throws `failure` when attempts or the deadline are used up.
      const backoff = async (
        failure: Error,
        status: number | undefined,
        code: string | undefined,
        retryAfterMs?: number,
      ) => {
        if (attempt >= policy.maxAttempts) throw failure;
        const delayMs = backoffDelay(policy, attempt, random, retryAfterMs);
        if (now() - started + delayMs > policy.deadlineMs) throw failure;
        emit({
          kind: 'retry',
          operation: info.operation,
          method: request.method,
          url: info.url,
          attempt,
          status,
          code,
          delayMs,
        });
        try {
          await sleep(delayMs, signal);
        } catch (error) {
          throw new AbortedError(info, { cause: error });
        }
      };

      for (;;) {
        attempt += 1;
        if (signal?.aborted) throw new AbortedError(info, { cause: signal.reason });
        const authAttempt = auth ? await auth.prepare(request, signal) : undefined;
        known.push(...(authAttempt?.secrets ?? []));
        emit({ kind: 'request', operation: info.operation, method: request.method, url: info.url, attempt });
        let response: HttpResponse;
        try {
          response = await semaphore.run(
            () => exchange(request, { ...request.headers, ...authAttempt?.headers }, signal),
            signal,
          );
        } catch (error) {
          await authAttempt?.settle(undefined);
          if (signal?.aborted) throw new AbortedError(info, { cause: error });
          const code = errorCode(error);
          const failure = new TransportError(info, code, { cause: error });
          if (!idempotent && !neverReachedServer(code)) throw new MaybeAppliedError(info, code, { cause: failure });
          if (!isTransientCode(code)) throw failure;
          await backoff(failure, undefined, code);
          continue;
        }
        if (authAttempt && (await authAttempt.settle(response)) && !authRetried) {
          // An authentication challenge is answered once and does not count as a failed attempt.
          authRetried = true;
          attempt -= 1;
          continue;
        }
        emit({
          kind: 'response',
          operation: info.operation,
          method: request.method,
          url: info.url,
          attempt,
          status: response.status,
        });
        if (response.status < 400) return response;
        const failure = mapError(response, info, scrub);
        if (!isTransientStatus(response.status)) throw failure;
        // 429 means the request was refused before it ran; any 5xx may have run part-way.
        if (!idempotent && response.status !== 429) {
          throw new MaybeAppliedError(info, `HTTP ${response.status}`, { cause: failure });
        }
        const retryAfter = parseRetryAfter(headerValue(response, 'retry-after'), now());
        await backoff(failure, response.status, undefined, retryAfter);
      }
    },
  };
}

/** The undici/system error code of a failure, or `UNKNOWN`. */
function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = current.cause;
  }
  return 'UNKNOWN';
}
