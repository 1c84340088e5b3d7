// fast-json-patch is CommonJS: its functions are reachable through the default export only.
import jsonPatch from 'fast-json-patch';
import type { PatchOperation } from './plan-types.js';

/** The RFC 6902 patch that turns `before` into `after` (`null` counts as an empty object). */
export function diffPatch(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): PatchOperation[] {
  return jsonPatch.compare(before ?? {}, after ?? {}) as PatchOperation[];
}
