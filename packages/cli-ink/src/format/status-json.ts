import type { StatusReport } from './status-model.js';

/**
 * The `--format json` document of `atlas-cmk status`: the {@link StatusReport} itself, two-space indented. Every
 * field is always present (unknown live values are `null`), keys keep one order, and `formatVersion` changes only
 * on a breaking change, so scripts can rely on its shape.
 */
export function formatStatusJson(report: StatusReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
