import type { IncomingHttpHeaders } from 'node:http';
import { checkFaultPlan, type FaultPlan } from './faults.js';
import { FixtureError, parseFixture } from './load-fixture.js';
import { redact } from './request-log.js';
import type { SimCore } from './sim-core.js';
import type { SimResponse } from './sim-response.js';
import { findKeyVersion, findVault } from './key-check.js';
import { SECOND_ENDPOINT_MODELS, type SecondEndpointModel } from './second-endpoint.js';
import { handleDriftControl } from './control-drift.js';
import { handlePreflightControl } from './control-preflight.js';

/** The prefix of the control API; it never overlaps a real Atlas or Azure path. */
export const controlPrefix = '/__sim';

function json(status: number, body: unknown): SimResponse {
  return { status, body, contentType: 'application/json' };
}

function bad(message: string, problems?: unknown): SimResponse {
  return json(400, { error: 'BAD_REQUEST', message, ...(problems ? { problems } : {}) });
}

function parseJson(raw: string): { value: unknown } | { error: SimResponse } {
  try {
    return { value: raw.trim() === '' ? {} : JSON.parse(raw) };
  } catch {
    return { error: bad('the body must be JSON') };
  }
}

/** A loopback host name with an optional port: `127.0.0.1`, any `127.x.y.z`, `localhost`, `[::1]`. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Why a control request is refused, or undefined when it may be served. The control API can reset or rewrite the
 * whole world, so it answers only requests addressed to a loopback name (a web page that rebinds its own DNS name
 * to 127.0.0.1 still sends its name as `Host`) and never a browser's cross-origin request (a page's `fetch` or form
 * sends `Origin` or `Sec-Fetch-Site`, even for a `text/plain` POST that needs no preflight). Tests and scripts send
 * neither.
 */
export function refuseControl(headers: IncomingHttpHeaders): SimResponse | undefined {
  const host = headers.host ?? '';
  if (!LOOPBACK_HOST.test(host))
    return json(403, {
      error: 'FORBIDDEN',
      message: 'the control API answers only requests addressed to a loopback host (127.0.0.1, localhost or [::1])',
    });
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  const sameOrigin = origin === undefined || origin === `http://${host}` || origin === `https://${host}`;
  if (!sameOrigin || (site !== undefined && site !== 'same-origin' && site !== 'none'))
    return json(403, { error: 'FORBIDDEN', message: 'the control API refuses cross-origin requests' });
  return undefined;
}

/**
 * Serves `/__sim/*`: reset, fixture, clock, faults, request log, state, violations, Azure-portal-like key and org
 * changes, inactive projects and the second-endpoint model.
 */
export function handleControl(
  core: SimCore,
  method: string,
  path: string,
  raw: string,
  headers: IncomingHttpHeaders,
): SimResponse {
  const refused = refuseControl(headers);
  if (refused) return refused;
  const route = `${method} ${path.slice(controlPrefix.length).replace(/\/$/, '')}`;
  const keyMatch = /^PATCH \/vaults\/([^/]+)\/keys\/([^/]+)\/versions\/([^/]+)$/.exec(route);
  const orgMatch = /^PATCH \/orgs\/([^/]+)$/.exec(route);
  if (/^(PUT|PATCH|DELETE) \/azure\//.test(route)) {
    const parsed = parseJson(raw);
    if ('error' in parsed) return parsed.error;
    const served = handlePreflightControl(core, route, parsed.value);
    if (served) return served;
  }
  const projectMatch = /^PATCH \/projects\/([^/]+)$/.exec(route);
  if (route === 'POST /reset') {
    core.reset();
    return json(200, { reset: true, now: new Date(core.clock.now()).toISOString() });
  }
  if (route === 'POST /fixture') {
    try {
      core.reset(parseFixture(raw, 'request body'));
      return json(200, { loaded: true });
    } catch (error) {
      if (error instanceof FixtureError) return bad('invalid fixture', error.problems);
      throw error;
    }
  }
  if (route === 'GET /clock') return json(200, { now: new Date(core.settle()).toISOString() });
  if (route === 'POST /clock/advance') {
    const parsed = parseJson(raw);
    if ('error' in parsed) return parsed.error;
    const seconds = (parsed.value as { seconds?: unknown }).seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0)) return bad('body must be {"seconds": N} with N >= 0');
    core.clock.advance(seconds);
    return json(200, { now: new Date(core.settle()).toISOString() });
  }
  if (route === 'PUT /faults') {
    const parsed = parseJson(raw);
    if ('error' in parsed) return parsed.error;
    const problem = checkFaultPlan(parsed.value);
    if (problem) return bad(problem);
    core.setFaults(parsed.value as FaultPlan);
    return json(200, { faults: parsed.value });
  }
  if (route === 'DELETE /faults') {
    core.setFaults(undefined);
    return json(200, { faults: null });
  }
  if (route === 'GET /faults') return json(200, { faults: core.faults?.plan ?? null });
  if (route === 'GET /requests') return json(200, { requests: core.log });
  if (route === 'DELETE /requests') {
    core.log.length = 0;
    return json(200, { requests: [] });
  }
  if (route === 'GET /state') {
    core.settle();
    return json(200, redact(core.world));
  }
  if (route === 'GET /violations')
    return json(200, { violations: core.violations, requestViolations: core.requestViolations });
  if (keyMatch) {
    const [, vaultName = '', keyName = '', version = ''] = keyMatch;
    const vault = findVault(core.world, vaultName);
    const key = vault ? findKeyVersion(vault, keyName, version) : undefined;
    if (!key) return json(404, { error: 'NOT_FOUND', message: `no key ${keyName}/${version} in vault ${vaultName}` });
    const parsed = parseJson(raw);
    if ('error' in parsed) return parsed.error;
    const change = parsed.value as { enabled?: unknown; expires?: unknown };
    if (change.enabled !== undefined && typeof change.enabled !== 'boolean') return bad('enabled must be a boolean');
    if (typeof change.enabled === 'boolean') key.enabled = change.enabled;
    if (change.expires === null) delete key.expiresMs;
    else if (typeof change.expires === 'string' && !Number.isNaN(Date.parse(change.expires)))
      key.expiresMs = Date.parse(change.expires);
    else if (change.expires !== undefined) return bad('expires must be an ISO date-time or null');
    core.changed();
    core.settle();
    return json(200, { key });
  }
  if (route.startsWith('PATCH /projects/')) {
    const parsed = parseJson(raw);
    if ('error' in parsed) return parsed.error;
    const drift = handleDriftControl(core, route, parsed.value);
    if (drift) return drift;
  }
  if (orgMatch) {
    const org = core.world.orgs.find((o) => o.id === orgMatch[1]);
    if (!org) return json(404, { error: 'NOT_FOUND', message: `no organization ${orgMatch[1] ?? ''}` });
    const parsed = parseJson(raw);
    if ('error' in parsed) return parsed.error;
    const active = (parsed.value as { active?: unknown }).active;
    if (typeof active !== 'boolean') return bad('body must be {"active": boolean}');
    org.active = active;
    core.changed();
    return json(200, { org });
  }
  if (projectMatch) return setProjectActive(core, projectMatch[1] ?? '', raw);
  if (route === 'PUT /second-endpoint') return setSecondEndpoint(core, raw);
  return json(404, { error: 'NOT_FOUND', message: `no control operation ${route}` });
}

/** `PATCH /__sim/projects/{id}` `{"active": false}`: the project becomes INACTIVE (its writes answer INACTIVE_ORG). */
function setProjectActive(core: SimCore, projectId: string, raw: string): SimResponse {
  const project = core.world.projects.find((p) => p.id === projectId);
  if (!project) return json(404, { error: 'NOT_FOUND', message: `no project ${projectId}` });
  const parsed = parseJson(raw);
  if ('error' in parsed) return parsed.error;
  const active = (parsed.value as { active?: unknown }).active;
  if (typeof active !== 'boolean') return bad('body must be {"active": boolean}');
  if (active) delete project.active;
  else project.active = false;
  core.changed();
  return json(200, { project: { id: project.id, active } });
}

/** `PUT /__sim/second-endpoint` `{"model": "accept" | "refuse"}`: what a create in a region in use does. */
function setSecondEndpoint(core: SimCore, raw: string): SimResponse {
  const parsed = parseJson(raw);
  if ('error' in parsed) return parsed.error;
  const model = (parsed.value as { model?: unknown }).model;
  if (!SECOND_ENDPOINT_MODELS.includes(model as SecondEndpointModel))
    return bad(`body must be {"model": ${SECOND_ENDPOINT_MODELS.map((m) => `"${m}"`).join(' | ')}}`);
  core.world.secondEndpoint = model as SecondEndpointModel;
  core.changed();
  return json(200, { secondEndpoint: model });
}
