import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createSecureServer, type Server as SecureServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ContractValidator } from './contract-validator.js';
import { controlPrefix, handleControl } from './control-api.js';
import { createWorld } from './create-world.js';
import { loadFixtureFile, parseFixture } from './load-fixture.js';
import { readWorld, StateWriter } from './persist-state.js';
import { readBody, writeResponse } from './http-io.js';
import { createLoopbackCertificate } from './loopback-tls.js';
import { loggableBody, redact } from './request-log.js';
import { matchRoute } from './routes.js';
import { serveRequest } from './serve-request.js';
import { SimClock } from './sim-clock.js';
import { SimCore } from './sim-core.js';
import { tunnelToVault, vaultDnsSuffix, vaultOfHost } from './vault-host.js';
import type { RunningSim, SimOptions } from './sim-options.js';
import { atlasError } from './sim-response.js';

async function resolveFixture(fixture: SimOptions['fixture']) {
  return typeof fixture === 'string'
    ? loadFixtureFile(fixture)
    : parseFixture(JSON.stringify(fixture), 'fixture (options)');
}

/** Starts a simulator on 127.0.0.1. Rejects with a clear error for a bad fixture, state file or missing contract. */
export async function startSimulator(options: SimOptions): Promise<RunningSim> {
  const fixture = await resolveFixture(options.fixture);
  const validator = options.validateResponses ? ContractValidator.load(options.contractsDir) : undefined;
  const persisted = options.statePath ? await readWorld(options.statePath) : undefined;
  const world = persisted ?? createWorld(fixture, Date.now());
  const clock = new SimClock(world.simNowMs, options.timeScale ?? 1, options.manualClock ?? false);
  const faults = options.faults ? { ...options.faults, seed: options.faults.seed ?? options.seed } : undefined;
  let writer: StateWriter | undefined;
  const core: SimCore = new SimCore(world, fixture, clock, validator, faults, () => void writer?.schedule());
  if (options.statePath)
    writer = new StateWriter(
      options.statePath,
      () => core.world,
      (e) => console.error(e.message),
    );
  const ports = { https: 0 };
  const handler = async (req: IncomingMessage, res: ServerResponse, base: string): Promise<void> => {
    // A vault addressed by its host name (`{vault}.vault.localhost`) is served as `/azure/keyvault/{vault}/…`.
    const vault = base.startsWith('https:') ? vaultOfHost(req.headers.host) : undefined;
    const url = new URL(vault ? `/azure/keyvault/${vault}${req.url ?? '/'}` : (req.url ?? '/'), base);
    const raw = await readBody(req);
    if (raw === undefined)
      return writeResponse(res, atlasError(413, 'REQUEST_TOO_LARGE', 'The request body is too large.'), false);
    const method = req.method ?? 'GET';
    if (url.pathname === controlPrefix || url.pathname.startsWith(`${controlPrefix}/`))
      return writeResponse(res, handleControl(core, method, url.pathname, raw, req.headers), true);
    const routed = matchRoute(method, url.pathname);
    const operationId = routed.kind === 'match' ? routed.match.operationId : 'unknown';
    const faultDecision = core.faults?.decide(method, url.pathname, operationId);
    if (faultDecision && faultDecision.latencyMs > 0) await new Promise((r) => setTimeout(r, faultDecision.latencyMs));
    const time = new Date(clock.now()).toISOString();
    const body = loggableBody(raw, req.headers['content-type']);
    const applied = faultDecision && faultDecision.applied.length > 0 ? { faults: faultDecision.applied } : {};
    if (faultDecision?.drop) {
      core.record({
        time,
        method,
        path: url.pathname + url.search,
        status: 0,
        operationId,
        ...applied,
        ...(body === undefined ? {} : { body }),
      });
      req.socket.destroy();
      return;
    }
    const served = serveRequest(core, req, url, raw, base, faultDecision, `https://127.0.0.1:${ports.https}`);
    const { response } = served;
    if (
      core.validator &&
      routed.kind === 'match' &&
      !(routed.match.area === 'atlas' && url.searchParams.get('envelope') === 'true')
    ) {
      for (const v of core.validator.check(served.operationId, response.status, response.contentType, response.body))
        core.violations.push(`${method} ${url.pathname}: ${v}`);
    }
    core.record({
      time,
      method,
      path: url.pathname + url.search,
      status: response.status,
      operationId: served.operationId,
      ...(served.principal ? { principal: served.principal } : {}),
      ...applied,
      ...(body === undefined ? {} : { body }),
    });
    if (method !== 'GET') core.changed();
    let sent = response;
    if (
      url.searchParams.get('envelope') === 'true' &&
      routed.kind === 'match' &&
      routed.match.area === 'atlas' &&
      response.body !== undefined
    ) {
      const b = response.body as Record<string, unknown>;
      sent = {
        ...response,
        body: Array.isArray(b['results']) ? { ...b, status: response.status } : { status: response.status, content: b },
      };
    }
    writeResponse(res, sent, url.searchParams.get('pretty') === 'true');
  };

  const listen = async (server: Server | SecureServer, port: number, scheme: 'http' | 'https'): Promise<number> => {
    const actual = { port: 0 };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handler(req, res, `${scheme}://127.0.0.1:${actual.port}`).catch((error: unknown) => {
        console.error(
          `atlas-sim: internal error on ${req.method ?? ''} ${req.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`,
        );
        writeResponse(res, atlasError(500, 'UNEXPECTED_ERROR', 'Unexpected error.'), false);
      });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(port, '127.0.0.1', () => resolveListen());
    });
    actual.port = (server.address() as AddressInfo).port;
    return actual.port;
  };
  const server = createServer();
  const port = await listen(server, options.port ?? 0, 'http');
  // The same simulator over HTTPS with a certificate made for this run, for clients that refuse a bearer token or
  // an authority over plain http (MSAL, the Azure SDKs, az).
  const certificate = await createLoopbackCertificate().catch(async (error: unknown) => {
    await new Promise<void>((r) => server.close(() => r()));
    throw error;
  });
  const secureServer = createSecureServer({ cert: certificate.cert, key: certificate.key });
  const httpsPort = await listen(secureServer, options.httpsPort ?? 0, 'https').catch(async (error: unknown) => {
    await new Promise<void>((r) => server.close(() => r()));
    await certificate.remove();
    throw error;
  });
  ports.https = httpsPort;
  const tunnels = new Set<Socket>();
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    tunnelToVault(req, socket, head, httpsPort);
  });
  const base = `http://127.0.0.1:${port}`;
  const secureBase = `https://127.0.0.1:${httpsPort}`;
  if (!persisted) core.changed();
  return {
    port,
    httpsPort,
    caCertificatePath: certificate.certPath,
    urls: {
      atlas: base,
      arm: `${base}/azure/arm`,
      login: `${base}/azure/login`,
      loginHttps: secureBase,
      armHttps: `${secureBase}/azure/arm`,
      keyVault: `${base}/azure/keyvault/{vaultName}`,
      keyVaultHttps: `${secureBase}/azure/keyvault/{vaultName}`,
      keyVaultByName: `https://{vaultName}.${vaultDnsSuffix}:${httpsPort}`,
      vaultProxy: base,
      atlasHttps: secureBase,
      control: `${base}${controlPrefix}`,
    },
    close: async () => {
      for (const tunnel of tunnels) tunnel.destroy();
      await Promise.all(
        [server, secureServer].map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => r());
              s.closeAllConnections();
            }),
        ),
      );
      await certificate.remove();
      core.world.simNowMs = Math.max(core.world.simNowMs, clock.now());
      if (writer) {
        await writer.schedule();
        await writer.flush();
      }
    },
    advance: async (seconds: number) => {
      clock.advance(seconds);
      core.settle();
      await Promise.resolve();
    },
    requestLog: () => [...core.log],
    contractViolations: () => [...core.violations],
    requestViolations: () => [...core.requestViolations],
    setFaults: (plan) => core.setFaults({ ...plan, seed: plan.seed ?? options.seed }),
    state: () => {
      core.settle();
      return redact(core.world);
    },
  };
}
