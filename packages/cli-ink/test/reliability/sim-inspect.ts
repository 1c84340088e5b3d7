import type { RunningSim, SimRequestLogEntry } from '@atlas-cmk/atlas-sim';

/** An encryption-at-rest private endpoint as the simulator holds it. */
export interface SimEndpoint {
  id: string;
  regionName: string;
  status: string;
}

/** The endpoints of one project, read from the simulator's world (not through the API under test). */
export function simEndpoints(sim: RunningSim, projectId: string): SimEndpoint[] {
  const world = sim.state() as { projects: { id: string; endpoints: SimEndpoint[] }[] };
  const project = world.projects.find((p) => p.id === projectId);
  if (!project) throw new Error(`project ${projectId} is not in the simulator's world`);
  return project.endpoints.map((e) => ({ id: e.id, regionName: e.regionName, status: e.status }));
}

/** How many endpoints exist beyond one per region: 0 means no region ever got a second endpoint. */
export function duplicateCount(endpoints: readonly SimEndpoint[]): number {
  const perRegion = new Map<string, number>();
  for (const e of endpoints) perRegion.set(e.regionName, (perRegion.get(e.regionName) ?? 0) + 1);
  return [...perRegion.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
}

/** True for a logged answer that a client retries: a dropped connection (status 0), 429 or any 5xx. */
function transientFailure(entry: SimRequestLogEntry): boolean {
  return entry.status === 0 || entry.status === 429 || entry.status >= 500;
}

/** One request's identity in the log: method, path and body, so that concurrent writes of different bodies stay apart. */
function requestKey(entry: SimRequestLogEntry): string {
  return `${entry.method} ${entry.path}${entry.body === undefined ? '' : ` ${JSON.stringify(entry.body)}`}`;
}

/**
 * The longest chain of attempts at one request seen in the log: for each method, path and body, a run of transient
 * failures plus the attempt that followed it. Digest/Bearer challenges (401) are answered without counting as an
 * attempt, so they neither extend nor break a chain.
 */
export function longestAttemptChain(log: readonly SimRequestLogEntry[]): { length: number; request: string } {
  const streaks = new Map<string, number>();
  let longest = { length: 0, request: '' };
  for (const entry of log) {
    if (entry.status === 401) continue;
    const key = requestKey(entry);
    const streak = streaks.get(key) ?? 0;
    const chain = streak + 1;
    if (chain > longest.length) longest = { length: chain, request: key };
    streaks.set(key, transientFailure(entry) ? streak + 1 : 0);
  }
  return longest;
}

/** Faults the simulator injected, by kind, from its request log. */
export function faultsInjected(log: readonly SimRequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of log) for (const kind of entry.faults ?? []) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * How long clients waited after a 429, in real milliseconds: for each 429 answer to a write (reads of the same
 * list may run concurrently, writes carry their own body), the gap to the next attempt of the same request.
 * The log's times are simulated, `timeScale` times faster than the wall clock.
 */
export function waitsAfter429(
  log: readonly SimRequestLogEntry[],
  timeScale: number,
): { request: string; realMs: number }[] {
  const waits: { request: string; realMs: number }[] = [];
  log.forEach((entry, i) => {
    if (entry.status !== 429 || entry.method === 'GET') return;
    const key = requestKey(entry);
    const next = log.slice(i + 1).find((e) => e.status !== 401 && requestKey(e) === key);
    if (next) waits.push({ request: key, realMs: (Date.parse(next.time) - Date.parse(entry.time)) / timeScale });
  });
  return waits;
}
