import { createServer, type Server } from 'node:http';
import type { HttpEvent, RunEvent } from '@atlas-cmk/runner';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PassResult } from './reconcile-loop.js';

/** The Prometheus metrics of `reconcile`, on their own registry (no process-global state). */
export interface ReconcileMetrics {
  registry: Registry;
  observeHttp(service: 'atlas' | 'azure'): (event: HttpEvent) => void;
  observeRun(event: RunEvent): void;
  observePass(result: PassResult, drift: { projects: number; findings: number } | undefined, nowMs: number): void;
}

/**
 * Metric names follow Prometheus conventions (`_total` counters, `_seconds` units). Request latency is measured
 * from an attempt's `request` event to its `response` event, matched by method, URL and attempt number.
 */
export function createReconcileMetrics(): ReconcileMetrics {
  const registry = new Registry();
  const driftProjects = new Gauge({
    name: 'atlas_cmk_drift_projects',
    help: 'Projects with drift or a health finding at the last pass',
    registers: [registry],
  });
  const driftFindings = new Gauge({
    name: 'atlas_cmk_drift_findings',
    help: 'Resource changes plus health findings at the last pass',
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'atlas_cmk_last_success_timestamp_seconds',
    help: 'Unix time of the last pass that ended without error',
    registers: [registry],
  });
  const passes = new Counter({
    name: 'atlas_cmk_reconcile_passes_total',
    help: 'Reconcile passes by result',
    labelNames: ['result'],
    registers: [registry],
  });
  const applies = new Counter({
    name: 'atlas_cmk_apply_outcomes_total',
    help: 'Applies by outcome (converged, failed, interrupted)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'atlas_cmk_http_requests_total',
    help: 'HTTP responses from Atlas and Azure by service and status',
    labelNames: ['service', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'atlas_cmk_http_request_duration_seconds',
    help: 'Time from sending a request to its response, by service',
    labelNames: ['service'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  for (const result of ['clean', 'repaired', 'drift-left', 'failed', 'stopped']) passes.inc({ result }, 0);
  for (const outcome of ['converged', 'failed', 'interrupted']) applies.inc({ outcome }, 0);

  return {
    registry,
    observeHttp(service) {
      const started = new Map<string, number[]>();
      return (event) => {
        const key = `${event.method} ${event.url} ${event.attempt}`;
        if (event.kind === 'request') started.set(key, [...(started.get(key) ?? []), performance.now()]);
        if (event.kind === 'response' || event.kind === 'retry') {
          const queue = started.get(key) ?? [];
          const t0 = queue.shift();
          if (queue.length === 0) started.delete(key);
          if (t0 !== undefined) latency.observe({ service }, (performance.now() - t0) / 1000);
          requests.inc({ service, status: String(event.status ?? event.code ?? 'network-error') });
        }
      };
    },
    observeRun(event) {
      if (event.kind === 'run.finished') applies.inc({ outcome: event.outcome });
    },
    observePass(result, drift, nowMs) {
      passes.inc({ result: result.kind });
      if (drift) {
        driftProjects.set(drift.projects);
        driftFindings.set(drift.findings);
      }
      if (result.kind !== 'failed' && result.kind !== 'stopped') lastSuccess.set(Math.floor(nowMs / 1000));
    },
  };
}

/**
 * Serve `/healthz` (200 `ok` while the loop runs) and `/metrics` (Prometheus text) with node:http.
 * Resolves once listening, with the bound address (port 0 picks a free one).
 */
export async function serveMetrics(
  metrics: ReconcileMetrics,
  host: string,
  port: number,
): Promise<{ server: Server; address: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok\n');
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address();
  const address =
    typeof bound === 'object' && bound
      ? `${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`
      : `${host}:${port}`;
  return { server, address };
}
