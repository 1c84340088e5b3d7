import { request as undiciRequest, type Dispatcher } from 'undici';

/** One logical call; it may be sent several times. */
export interface GitHubHttpRequest {
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  body?: unknown;
}

/** An answer: status, lower-case headers (several values joined by `, `) and the body parsed as JSON. */
export interface GitHubHttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  /** `undefined` when the body is not JSON (a proxy's HTML page). */
  json: unknown;
}

/** How one attempt is sent. */
export interface ExchangeOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  dispatcher?: Dispatcher | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Send one attempt with undici and read the whole answer. Rejects with undici's error when no answer
 * arrives, or with a `TimeoutError` after `timeoutMs` (see {@link networkErrorCode}).
 */
export async function exchange(request: GitHubHttpRequest, options: ExchangeOptions): Promise<GitHubHttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const response = await undiciRequest(request.url, {
    method: request.method,
    headers: request.body === undefined ? options.headers : { ...options.headers, 'content-type': 'application/json' },
    body: request.body === undefined ? null : JSON.stringify(request.body),
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    dispatcher: options.dispatcher,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const text = await response.body.text();
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers, json: parseJson(text) };
}

/** Network codes that prove the request never left this machine: even a POST may be repeated after them. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a failure with this code happened before any byte of the request could reach GitHub. */
export function neverReachedServer(code: string): boolean {
  return NOT_SENT.has(code);
}

/** The undici or system error code of a failure (`ETIMEDOUT` for our own timeout), or `UNKNOWN`. */
export function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'ETIMEDOUT';
    current = current.cause;
  }
  return 'UNKNOWN';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
