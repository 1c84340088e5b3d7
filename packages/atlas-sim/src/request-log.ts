/** One line of the request log (no authorization header; secrets in bodies replaced by "[REDACTED]"). */
export interface SimRequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number;
  operationId: string;
  principal?: string;
  faults?: string[];
  body?: unknown;
}

const secretKeys =
  /^(ha1|secrethash|clientsecrethash|tokenhash|secret|clientsecret|client_secret|privatekey|private_key|access_token|token|password|client_assertion|refresh_token)$/i;

/** Deep copy with secret-named fields replaced: what the log and the state dump expose. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, secretKeys.test(k) ? '[REDACTED]' : redact(v)]),
    );
  }
  return value;
}

/** The request body as logged: parsed JSON or form, redacted; undefined when empty or unparseable. */
export function loggableBody(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded'))
    return redact(Object.fromEntries(new URLSearchParams(raw)));
  try {
    return redact(JSON.parse(raw));
  } catch {
    return '[unparseable body]';
  }
}
