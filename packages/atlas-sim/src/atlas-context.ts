import type { ProjectState, World } from './world-types.js';

/** Everything an Atlas operation handler needs; handlers are synchronous and mutate `world` only. */
export interface AtlasContext {
  world: World;
  nowMs: number;
  project: ProjectState;
  params: Record<string, string>;
  /** The negotiated resource version (e.g. 2023-01-01). */
  version: string;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  /** Absolute URL of this request (for pagination links). */
  selfUrl: URL;
  /** Fault injection decided that a created endpoint fails while INITIATING. */
  failNewEndpoint: boolean;
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
