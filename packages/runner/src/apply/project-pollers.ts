import type { AtlasClient } from '../atlas/client.js';
import type { ResolvedApplyOptions } from './options.js';
import { createSharedPoller } from './shared-poller.js';
import type { ProjectPollers } from './step-context.js';

/** The clock, sleep and cancellation the pollers of one run share. */
export interface PollerEdges {
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  options: ResolvedApplyOptions;
}

/**
 * The two shared pollers of a project: every waiting endpoint step is served by one
 * `listEarPrivateEndpoints` call per tick, every waiting cluster step by one `listClusters` call.
 */
export function createProjectPollers(atlas: AtlasClient, projectId: string, edges: PollerEdges): ProjectPollers {
  const common = {
    signal: edges.signal,
    now: edges.now,
    sleep: edges.sleep,
    pollIntervalMs: edges.options.pollIntervalMs,
    maxPollIntervalMs: edges.options.maxPollIntervalMs,
    heartbeatMs: edges.options.heartbeatMs,
  };
  return {
    endpoints: createSharedPoller({
      ...common,
      read: async (signal) => (await atlas.listEarPrivateEndpoints(projectId, 'AZURE', { signal })).results,
    }),
    clusters: createSharedPoller({
      ...common,
      read: async (signal) => (await atlas.listClusters(projectId, { signal })).results,
    }),
  };
}
