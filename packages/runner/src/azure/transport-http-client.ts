import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AzureApiError } from '../http/errors.js';
import { redactUrl } from '../http/redact.js';
import type { Transport } from '../http/transport.js';
import type { AuthStrategy, HttpMethod } from '../http/types.js';

/** How the Azure SDK's requests go out through the runner's transport. */
export interface TransportHttpClientOptions {
  /** The only origin requests may go to (the configured ARM endpoint): the bearer token never leaves it. */
  origin: string;
  /** Signs each attempt (the runner's token cache: a 401 is answered once with a fresh token). */
  auth: AuthStrategy;
  /** The stable operation name of a request, for errors and progress events. */
  operationFor(method: HttpMethod, url: URL): string;
}

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function asMethod(method: string): HttpMethod | undefined {
  return METHODS.has(method) ? (method as HttpMethod) : undefined;
}

/**
 * An `HttpClient` for Azure SDK clients that sends every request through `transport`: its retries (transient
 * failures only, backoff, `Retry-After`, a deadline), its concurrency limit, cancellation by the caller's signal,
 * progress events, and its typed errors with secrets and tokens scrubbed. A response of 400 or more is thrown as
 * the transport's `AzureApiError` (with ARM's code and message) and never reaches the SDK's deserializer. The SDK
 * pipeline in front of it must have no retry, redirect or bearer-token policy of its own (see
 * `key-vault-management.ts`), so each request has one retry layer and one token cache.
 */
export function transportHttpClient(transport: Transport, options: TransportHttpClientOptions): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const url = new URL(request.url);
      const method = asMethod(request.method);
      const operation = options.operationFor(method ?? 'GET', url);
      const info = { operation, method: request.method, url: redactUrl(url) };
      // A nextLink (or any URL the service hands back) to another host would otherwise receive the token.
      if (url.origin !== options.origin) {
        throw new AzureApiError(info, {
          status: 200,
          code: 'UnexpectedNextLink',
          detail: `the service pointed to ${url.origin}, not ${options.origin}`,
        });
      }
      if (method === undefined) {
        throw new AzureApiError(info, { status: 0, code: 'UnsupportedMethod', detail: request.method });
      }
      if (request.body !== undefined && request.body !== null && typeof request.body !== 'string') {
        throw new AzureApiError(info, { status: 0, code: 'UnsupportedBody', detail: 'only JSON text bodies are sent' });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of request.headers) headers[name] = value;
      const response = await transport.send(
        { operation, method, url, headers, ...(typeof request.body === 'string' ? { body: request.body } : {}) },
        { signal: request.abortSignal as AbortSignal | undefined, auth: options.auth },
      );
      if (response.body !== '') {
        try {
          JSON.parse(response.body);
        } catch (error) {
          // Checked here so the SDK's parse error, which quotes the whole body, never becomes a message.
          throw new AzureApiError(
            info,
            { status: response.status, code: 'InvalidResponseBody', detail: 'the response is not JSON' },
            { cause: error },
          );
        }
      }
      const responseHeaders = createHttpHeaders();
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      return { request, status: response.status, headers: responseHeaders, bodyAsText: response.body };
    },
  };
}
