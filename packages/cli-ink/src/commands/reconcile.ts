import type { Server } from 'node:http';
import { realSleep } from '@atlas-cmk/runner';
import { oneOf, parseCommandArgs } from '../args.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { parseDuration } from '../duration.js';
import { handleInterrupts } from '../services/interrupts.js';
import { reconcileLoop, type PassResult } from '../services/reconcile-loop.js';
import { reconcilePass } from '../services/reconcile-pass.js';
import { PLAN_OPTIONS, parseParallelism, planSelection } from './plan.js';

const FORMATS = ['plain', 'ndjson'] as const;

/** `--listen HOST:PORT` (`[::1]:9464`, `127.0.0.1:0`, or `:9464` for loopback). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || !(port >= 0 && port <= 65535))
    throw new UsageError(`--listen takes HOST:PORT, such as 127.0.0.1:9464 or 0.0.0.0:9464; got "${text}".`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

/**
 * `atlas-cmk reconcile PATH… [--watch]`: plan and apply what is allowed (non-destructive steps by default), once or
 * every `--interval` until SIGTERM/SIGINT. Exit 0 when the last pass left no error (or the loop was stopped
 * cleanly), 1 when it failed, 2 with drift left that it may not repair (held back, or health findings).
 */
export async function runReconcile(argv: string[], io: CliIo): Promise<number> {
  const { policy, shard, parallelism } = PLAN_OPTIONS;
  const { values, positionals } = parseCommandArgs('reconcile', argv, {
    policy,
    shard,
    parallelism,
    watch: { type: 'boolean' },
    interval: { type: 'string' },
    'max-backoff': { type: 'string' },
    'allow-destructive': { type: 'boolean' },
    'no-key-repair': { type: 'boolean' },
    listen: { type: 'string' },
    format: { type: 'string' },
    'poll-interval': { type: 'string' },
    'endpoint-timeout': { type: 'string' },
    'cluster-timeout': { type: 'string' },
  });
  if (positionals.length === 0)
    throw new UsageError(
      'reconcile needs at least one PATH (a file, folder or glob).',
      'Example: atlas-cmk reconcile atlas/ --watch',
    );
  const format = oneOf('format', values.format, FORMATS, 'plain');
  const intervalMs = parseDuration('interval', values.interval ?? '5m') ?? 300_000;
  const maxBackoffMs = parseDuration('max-backoff', values['max-backoff'] ?? '1h') ?? 3_600_000;
  const pollInterval = parseDuration('poll-interval', values['poll-interval']);
  const endpointTimeout = parseDuration('endpoint-timeout', values['endpoint-timeout']);
  const clusterTimeout = parseDuration('cluster-timeout', values['cluster-timeout']);
  const listen = values.listen !== undefined ? parseListen(values.listen) : undefined;
  if (listen && !values.watch)
    throw new UsageError('--listen serves metrics while reconcile --watch runs; add --watch.');
  const human = format === 'ndjson' ? io.stderr : io.stdout;
  const log = (line: string): void => {
    human.write(`${new Date().toISOString()} ${line}\n`);
  };

  const controller = new AbortController();
  const removeInterrupts = handleInterrupts(controller, () =>
    log('Stopping cleanly: no new step starts and requests in flight end. A second signal quits at once.'),
  );
  const { createReconcileMetrics, serveMetrics } = await import('../services/reconcile-metrics.js');
  const metrics = createReconcileMetrics();
  let server: Server | undefined;
  try {
    if (listen) {
      const served = await serveMetrics(metrics, listen.host, listen.port);
      server = served.server;
      log(`Serving /healthz and /metrics on http://${served.address}`);
    }
    let drift: { projects: number; findings: number } | undefined;
    const pass = async (signal: AbortSignal): Promise<PassResult> => {
      drift = undefined;
      const result = await reconcilePass(
        {
          request: {
            ...planSelection(values, positionals, io),
            rotateSecret: new Set(),
          },
          io: format === 'ndjson' ? io : { ...io, stdout: human },
          renderer: format,
          allowDestructive: values['allow-destructive'] === true,
          repairKeys: values['no-key-repair'] !== true,
          applyOptions: {
            concurrency: parseParallelism(values.parallelism),
            ...(pollInterval !== undefined
              ? { pollIntervalMs: pollInterval, maxPollIntervalMs: Math.max(pollInterval, pollInterval * 3) }
              : {}),
            stepDeadlineMs: {
              ...(endpointTimeout !== undefined ? { endpoint: endpointTimeout } : {}),
              ...(clusterTimeout !== undefined ? { cluster: clusterTimeout } : {}),
            },
          },
          now: Date.now,
          log,
          onAtlasHttp: metrics.observeHttp('atlas'),
          onAzureHttp: metrics.observeHttp('azure'),
          onRunEvent: (e) => metrics.observeRun(e),
          onDrift: (r) => (drift = { projects: r.summary.drifted, findings: r.summary.changes + r.summary.health }),
        },
        signal,
      );
      metrics.observePass(result, drift, Date.now());
      log(passLine(result));
      return result;
    };
    const last = await reconcileLoop({
      pass,
      sleep: (ms, signal) => realSleep(ms, signal),
      signal: controller.signal,
      intervalMs,
      maxBackoffMs,
      once: values.watch !== true,
      onWait: (ms, failures) =>
        log(
          `Next pass in ${Math.round(ms / 1000)}s${failures > 0 ? ` (backing off after ${failures} failed pass${failures === 1 ? '' : 'es'})` : ''}.`,
        ),
    });
    if (controller.signal.aborted) log('Stopped.');
    switch (last.kind) {
      case 'clean':
      case 'repaired':
      case 'stopped':
        return 0;
      case 'drift-left':
        return 2;
      case 'failed':
        return 1;
      default: {
        const never: never = last;
        throw new Error(`unhandled result ${String(never)}`);
      }
    }
  } finally {
    removeInterrupts();
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
  }
}

function passLine(result: PassResult): string {
  switch (result.kind) {
    case 'clean':
      return 'Pass done: no drift.';
    case 'repaired':
      return `Pass done: repaired (${result.steps} step${result.steps === 1 ? '' : 's'}).`;
    case 'drift-left':
      return result.heldBack > 0
        ? `Pass done: drift left; ${result.heldBack} step${result.heldBack === 1 ? '' : 's'} held back (destructive: --allow-destructive runs them).`
        : 'Pass done: drift left that needs a person (see the health findings above).';
    case 'failed':
      return `Pass failed: ${result.message}`;
    case 'stopped':
      return 'Pass stopped.';
    default: {
      const never: never = result;
      return String(never);
    }
  }
}
