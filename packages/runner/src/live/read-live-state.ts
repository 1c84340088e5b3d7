import type {
  LiveCluster,
  LiveEncryptionAtRest,
  LiveEndpoint,
  LiveProjectInfo,
  LiveProjectState,
} from '@atlas-cmk/core';
import type { AtlasClient } from '../atlas/client.js';
import type { ListResult } from '../atlas/paginate.js';
import { AbortedError } from '../http/errors.js';
import { createSemaphore } from '../http/semaphore.js';
import { classifyReadError, isInactiveOrg } from './classify-read-error.js';
import type { LiveReadFailure } from './live-read-failure.js';
import { probeProjectActive, type ProjectActivity } from './probe-project-active.js';

/** Options of {@link readLiveState}. */
export interface ReadLiveStateOptions {
  /** Projects read at once (default 4). The client's own request limit still applies below this. */
  concurrency?: number;
  /** Cancels every read; the promise then rejects with `AbortedError`. */
  signal?: AbortSignal;
  /**
   * Called as soon as one project's reads are done, before the others finish, so callers can work on it while
   * the rest is still in flight. Must not throw.
   */
  onProject?: (projectId: string, state: LiveProjectState | LiveReadFailure) => void;
  /**
   * Also ask Atlas whether it accepts writes in each project (`probeProjectActive`: one DELETE of an endpoint id
   * that cannot exist, which changes nothing), so `cmk/project-active` is known before any real write. Off by
   * default: the reads alone cannot reveal an inactive project.
   */
  probeActive?: boolean;
}

/**
 * Read the live state of each project with exactly four requests per project, whatever the number of
 * endpoints or clusters: the project, `encryptionAtRest`, the Azure EAR private endpoint list and the
 * cluster list; with `probeActive`, once those succeeded, a fifth that can change nothing (`probeProjectActive`). The two lists use 500 items per page, so a listing only costs an extra request per page
 * beyond the first when a project has more than 500 endpoints or clusters.
 *
 * Every project gets an entry. An `INACTIVE_ORG` refusal of any read yields a state with
 * `organizationInactive: true` (reads that failed that way contribute empty facts; an unreadable project
 * document becomes `{ id, name: '', orgId: '' }`), so the `cmk/project-active` rule can report it. Other
 * failures yield a {@link LiveReadFailure} naming the project and what to check. Cancellation rejects.
 */
export async function readLiveState(
  client: AtlasClient,
  projectIds: readonly string[],
  options: ReadLiveStateOptions = {},
): Promise<Map<string, LiveProjectState | LiveReadFailure>> {
  const limit = createSemaphore(options.concurrency ?? 4);
  const signal = options.signal;
  const unique = [...new Set(projectIds)];
  try {
    const entries = await Promise.all(
      unique.map(async (projectId) => {
        const state = await limit.run(() => readOne(client, projectId, signal, options.probeActive === true), signal);
        // After the slot is released, so the next project's reads are not held up by the caller's work.
        options.onProject?.(projectId, state);
        return [projectId, state] as const;
      }),
    );
    return new Map(entries);
  } catch (error) {
    // A project still waiting for its turn sees the bare abort reason; report one typed cancellation.
    if (signal?.aborted && !(error instanceof AbortedError)) {
      throw new AbortedError({ operation: 'readLiveState', method: 'GET', url: '' }, { cause: error });
    }
    throw error;
  }
}

async function readOne(
  client: AtlasClient,
  projectId: string,
  signal: AbortSignal | undefined,
  probe: boolean,
): Promise<LiveProjectState | LiveReadFailure> {
  const call = { signal };
  const [project, ear, endpoints, clusters] = await Promise.allSettled([
    client.getProject(projectId, call),
    client.getEncryptionAtRest(projectId, call),
    client.listEarPrivateEndpoints(projectId, 'AZURE', call),
    client.listClusters(projectId, call),
  ]);
  const failures = [project, ear, endpoints, clusters].flatMap((r) =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  // The probe only matters once the reads went through: a failed read already says what is wrong.
  const activity: ProjectActivity =
    probe && failures.length === 0 ? await probeProjectActive(client, projectId, signal) : 'unknown';
  const inactive = failures.some(isInactiveOrg) || activity === 'inactive';
  const other = failures.find((error) => !isInactiveOrg(error));
  // A cancelled read cancels the whole run (classifyReadError rethrows it). An inactive organization is
  // the finding that matters even when another read failed too.
  if (other !== undefined && (!inactive || isAbort(other))) return classifyReadError(projectId, other);

  const info: LiveProjectInfo = valueOr(project, { id: projectId, name: '', orgId: '' });
  const state: LiveProjectState = {
    projectId,
    project: {
      id: info.id,
      name: info.name,
      orgId: info.orgId,
      ...(info.clusterCount === undefined ? {} : { clusterCount: info.clusterCount }),
    },
    encryptionAtRest: valueOr<LiveEncryptionAtRest>(ear, {}),
    endpoints: valueOr<ListResult<LiveEndpoint>>(endpoints, { results: [], pages: 0 }).results,
    clusters: valueOr<ListResult<LiveCluster>>(clusters, { results: [], pages: 0 }).results,
  };
  if (inactive) state.organizationInactive = true;
  return state;
}

function valueOr<T>(result: PromiseSettledResult<T>, fallback: T): T {
  return result.status === 'fulfilled' ? result.value : fallback;
}

function isAbort(error: unknown): boolean {
  return (error as { kind?: string } | undefined)?.kind === 'aborted';
}
