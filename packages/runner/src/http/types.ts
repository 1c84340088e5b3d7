import type { Dispatcher } from 'undici';
import type { RequestInfo } from './errors.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Sleep } from './sleep.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One logical request; the transport may send it several times (retries, auth challenges). */
export interface HttpRequest {
  /** A stable operation name used in errors and events. */
  operation: string;
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Whether sending it twice is harmless. Defaults to `method !== 'POST'`. */
  idempotent?: boolean;
  /** Values sent in this request that must never be echoed (e.g. a Key Vault client secret in a body). */
  secrets?: readonly string[];
}

/** A response with its body read as text. Header names are lower case. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Progress of one request, for progress views. Never contains a header, body or secret. */
export interface HttpEvent {
  kind: 'request' | 'retry' | 'response';
  operation: string;
  method: HttpMethod;
  /** Redacted URL. */
  url: string;
  /** 1-based attempt number. */
  attempt: number;
  /** HTTP status, on `response` and on `retry` after an HTTP failure. */
  status?: number;
  /** Wait before the next attempt, on `retry`. */
  delayMs?: number;
  /** Network error code, on `retry` after a network failure. */
  code?: string;
}

/** Credentials applied to each attempt of a request. */
export interface AuthStrategy {
  /** Headers for the next attempt (may wait for a token). */
  prepare(request: HttpRequest, signal?: AbortSignal): Promise<AuthAttempt>;
}

/** One authorized attempt. */
export interface AuthAttempt {
  headers: Record<string, string>;
  /** Short-lived credentials of this attempt (a bearer token) to scrub from server text. */
  secrets?: readonly string[];
  /**
   * Called with the response, or `undefined` when the attempt failed without one. Returns true when the
   * response was an authentication challenge worth answering once more (new nonce, refreshed token).
   */
  settle(response: HttpResponse | undefined): Promise<boolean>;
}

/** The edges a client talks through; inject them in tests to make time and randomness deterministic. */
export interface TransportDeps {
  /** undici dispatcher (Agent, MockAgent is not used by our tests; a real Agent on loopback is). */
  dispatcher?: Dispatcher;
  sleep?: Sleep;
  /** Returns a number in `[0, 1)`; drives backoff jitter. */
  random?: () => number;
  /** Milliseconds since the epoch; drives deadlines and token expiry. */
  now?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

/** Tuning of a transport; every field has a default (see README). */
export interface TransportOptions {
  retry?: Partial<RetryPolicy>;
  /** Time for one attempt, headers and body together (default 30 000 ms). */
  requestTimeoutMs?: number;
  /** Requests in flight at once for this client (default 8). */
  concurrency?: number;
}

/** Turns a non-success response into the service's typed error. `scrub` removes known secrets from text. */
export type ErrorMapper = (response: HttpResponse, request: RequestInfo, scrub: (text: string) => string) => Error;

/** Reads the first value of a header. */
export function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads every value of a header. */
export function headerValues(response: HttpResponse, name: string): string[] {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
