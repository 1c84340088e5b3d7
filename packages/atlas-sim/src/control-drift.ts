import type { SimCore } from './sim-core.js';
import type { SimResponse } from './sim-response.js';

/**
 * Control routes that inject drift the way Atlas itself produces it, for tests of `drift` and `reconcile`:
 *
 * - `PATCH /__sim/projects/{projectId}/endpoints/{endpointId}` `{"status": "FAILED", "errorMessage"?: string}`:
 *   Atlas marks an endpoint FAILED (an Azure-side failure it cannot recover from).
 * - `PATCH /__sim/projects/{projectId}/clusters/{clusterName}` `{"paused": boolean}`: the cluster is paused or
 *   resumed behind the tool's back (a person in the Atlas UI).
 *
 * Rejecting a connection in Azure needs no route here: it is the ARM `PUT` a person makes with `az`.
 * Returns undefined when the route is not one of these.
 */
export function handleDriftControl(core: SimCore, route: string, body: unknown): SimResponse | undefined {
  const endpoint = /^PATCH \/projects\/([^/]+)\/endpoints\/([^/]+)$/.exec(route);
  const cluster = /^PATCH \/projects\/([^/]+)\/clusters\/([^/]+)$/.exec(route);
  if (!endpoint && !cluster) return undefined;
  core.settle();
  const projectId = (endpoint ?? cluster)?.[1] ?? '';
  const project = core.world.projects.find((p) => p.id === projectId);
  if (!project) return json(404, { error: 'NOT_FOUND', message: `no project ${projectId}` });
  const change = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;

  if (endpoint) {
    const ep = project.endpoints.find((e) => e.id === endpoint[2]);
    if (!ep) return json(404, { error: 'NOT_FOUND', message: `no endpoint ${endpoint[2] ?? ''} in ${projectId}` });
    if (change['status'] !== 'FAILED') return bad('body must be {"status": "FAILED", "errorMessage"?: string}');
    const message = change['errorMessage'];
    if (message !== undefined && typeof message !== 'string') return bad('errorMessage must be a string');
    ep.status = 'FAILED';
    ep.statusSinceMs = core.clock.now();
    ep.errorMessage = message ?? 'The private endpoint failed in Azure. Delete it and create it again.';
    core.changed();
    return json(200, { endpoint: { id: ep.id, regionName: ep.regionName, status: ep.status } });
  }

  const name = decodeURIComponent(cluster?.[2] ?? '');
  const c = project.clusters.find((x) => x.name === name);
  if (!c) return json(404, { error: 'NOT_FOUND', message: `no cluster ${name} in ${projectId}` });
  if (typeof change['paused'] !== 'boolean') return bad('body must be {"paused": boolean}');
  c.paused = change['paused'];
  delete c.pausedBySimulator;
  core.changed();
  return json(200, { cluster: { name: c.name, paused: c.paused } });
}

function json(status: number, body: unknown): SimResponse {
  return { status, body, contentType: 'application/json' };
}

function bad(message: string): SimResponse {
  return json(400, { error: 'BAD_REQUEST', message });
}
