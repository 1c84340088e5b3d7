import { driftReport, type DriftReport } from '@atlas-cmk/planner';
import type { Diagnostic } from '@atlas-cmk/core';
import type { AtlasClient } from '@atlas-cmk/runner';
import { preparePlan, type PlanRequest, type PreparedPlan } from './prepare-plan.js';

/** A drift report and the plan it was derived from (reconcile applies that plan). */
export interface DetectedDrift {
  kind: 'ok';
  report: DriftReport;
  prepared: PreparedPlan;
  client: AtlasClient;
}

/** The input or live policy stopped the plan, so drift cannot be judged: every blocking diagnostic. */
export interface DriftBlocked {
  kind: 'blocked';
  diagnostics: Diagnostic[];
}

/**
 * Load → read live state → plan → drift report: `plan`'s service plus the pure `driftReport` of the planner.
 * Reads only (four GETs per project). `nowMs` is the clock the key-expiry window is measured from.
 */
export async function detectDrift(
  request: PlanRequest & { nowMs: number; expiryWarningDays?: number },
): Promise<DetectedDrift | DriftBlocked> {
  const prepared = await preparePlan(request);
  if (prepared.kind === 'blocked') return prepared;
  const report = driftReport({
    plan: prepared.plan,
    live: prepared.live,
    nowMs: request.nowMs,
    ...(request.expiryWarningDays !== undefined ? { expiryWarningDays: request.expiryWarningDays } : {}),
  });
  return { kind: 'ok', report, prepared, client: prepared.client };
}
