import type { DriftReport } from '../drift/drift-types.js';

/**
 * The drift report as a stable JSON document (`formatVersion`, per project its changes with RFC 6902 patches
 * and redacted before/after, its health findings with stable codes, and a summary). JSON escaping makes every
 * value inert; no secret is in a report (the plan's before/after are already redacted).
 */
export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
