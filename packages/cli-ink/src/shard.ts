import { UsageError } from './cli-io.js';

/** One shard of `n`, 1-based as CI matrices count (`--shard 2/4`). */
export interface Shard {
  index: number;
  count: number;
}

/** Parse `i/n` (1 <= i <= n). */
export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must look like i/n with 1 <= i <= n (for example 2/4); got "${text}".`);
  }
  return { index, count };
}

/** FNV-1a 32-bit: a stable hash that does not depend on the machine, the order of files or the Node version. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The shard a project belongs to, from its project id alone: every project lands in exactly one shard, the
 * same one on every machine and in every run, whichever files or order the projects come from.
 */
export function shardOf(projectId: string, count: number): number {
  return (fnv1a32(projectId.toLowerCase()) % count) + 1;
}

/** Keep the items of the given shard (all of them without a shard). */
export function inShard<T>(items: readonly T[], projectIdOf: (item: T) => string, shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((item) => shardOf(projectIdOf(item), shard.count) === shard.index);
}
