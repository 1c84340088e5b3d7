/** Deadlines of the waiting phases, in milliseconds. */
export interface StepDeadlines {
  /** Endpoint waits (provisioning, approval reflected, deletion). Atlas can take up to three minutes to reflect a change. */
  endpoint: number;
  /** A person approving a connection (`approval: manual`). */
  manualApproval: number;
  /** A cluster rolling out an encryption change. */
  cluster: number;
}

/** Tuning of {@link executePlan}; every field has a default. */
export interface ApplyOptions {
  /** Steps running at once across all projects (default 4). */
  concurrency?: number;
  /** First poll interval of a waiting phase (default 10 s); it backs off by half each tick up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Longest poll interval (default 30 s). */
  maxPollIntervalMs?: number;
  /** Longest gap between two `step.waiting` events of a waiting step (default 10 s). */
  heartbeatMs?: number;
  /** Per wait kind (defaults: endpoint 15 min, manual approval 60 min, cluster 60 min). */
  stepDeadlineMs?: Partial<StepDeadlines>;
  /**
   * Re-read each project before any step and refuse the plan (no step runs) when the live state no longer
   * has the fingerprint it was planned against. Use it for saved plans (`apply --plan FILE`).
   */
  fingerprintCheck?: boolean;
}

/** {@link ApplyOptions} with every default filled in. */
export interface ResolvedApplyOptions {
  concurrency: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  heartbeatMs: number;
  stepDeadlineMs: StepDeadlines;
  fingerprintCheck: boolean;
}

/** The documented defaults. */
export const DEFAULT_APPLY_OPTIONS: ResolvedApplyOptions = {
  concurrency: 4,
  pollIntervalMs: 10_000,
  maxPollIntervalMs: 30_000,
  heartbeatMs: 10_000,
  stepDeadlineMs: { endpoint: 15 * 60_000, manualApproval: 60 * 60_000, cluster: 60 * 60_000 },
  fingerprintCheck: false,
};

/** Fill in defaults; non-positive numbers fall back to the default. */
export function resolveApplyOptions(options: ApplyOptions = {}): ResolvedApplyOptions {
  const d = DEFAULT_APPLY_OPTIONS;
  const pick = (value: number | undefined, fallback: number): number =>
    value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  const pollIntervalMs = pick(options.pollIntervalMs, d.pollIntervalMs);
  return {
    concurrency: Math.floor(pick(options.concurrency, d.concurrency)),
    pollIntervalMs,
    maxPollIntervalMs: Math.max(pollIntervalMs, pick(options.maxPollIntervalMs, d.maxPollIntervalMs)),
    heartbeatMs: pick(options.heartbeatMs, d.heartbeatMs),
    stepDeadlineMs: {
      endpoint: pick(options.stepDeadlineMs?.endpoint, d.stepDeadlineMs.endpoint),
      manualApproval: pick(options.stepDeadlineMs?.manualApproval, d.stepDeadlineMs.manualApproval),
      cluster: pick(options.stepDeadlineMs?.cluster, d.stepDeadlineMs.cluster),
    },
    fingerprintCheck: options.fingerprintCheck ?? d.fingerprintCheck,
  };
}
