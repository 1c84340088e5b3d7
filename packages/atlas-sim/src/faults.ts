/** What a fault rule does to a matching request. */
export type FaultKind = '5xx' | '429' | 'latency' | 'drop' | 'endpointFail';

/** One rule of a fault plan; `rate` is the probability per matching request, `times` caps how often it fires. */
export interface FaultRule {
  match?: { method?: string; pathPrefix?: string; operationId?: string };
  kind: FaultKind;
  rate: number;
  /** latency: added milliseconds. */
  ms?: number;
  /** 429: Retry-After seconds (default 2). */
  retryAfter?: number;
  /** 5xx: status (default 500). */
  status?: number;
  times?: number;
}

/** A seeded, reproducible fault plan: the same seed and request sequence inject the same faults. */
export interface FaultPlan {
  seed?: number;
  rules: FaultRule[];
}

/** The faults chosen for one request. */
export interface FaultDecision {
  drop: boolean;
  latencyMs: number;
  status?: { code: number; retryAfter?: number };
  endpointFail: boolean;
  applied: FaultKind[];
}

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Validates a fault plan from JSON; returns an error message or undefined. */
export function checkFaultPlan(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as FaultPlan).rules))
    return 'a fault plan is {"seed"?: number, "rules": [...]}';
  for (const [i, r] of (value as FaultPlan).rules.entries()) {
    if (!['5xx', '429', 'latency', 'drop', 'endpointFail'].includes(r.kind))
      return `rules[${i}].kind must be one of 5xx, 429, latency, drop, endpointFail`;
    if (typeof r.rate !== 'number' || r.rate < 0 || r.rate > 1) return `rules[${i}].rate must be a number from 0 to 1`;
  }
  return undefined;
}

/** Applies a fault plan to the request stream, in arrival order. One injector per plan. */
export class FaultInjector {
  private readonly random: () => number;
  private readonly fired: number[];

  constructor(readonly plan: FaultPlan) {
    this.random = prng(plan.seed ?? 1);
    this.fired = plan.rules.map(() => 0);
  }

  /** Decides the faults for one request. Every matching rule draws one number, fired or not. */
  decide(method: string, path: string, operationId: string): FaultDecision {
    const decision: FaultDecision = { drop: false, latencyMs: 0, endpointFail: false, applied: [] };
    this.plan.rules.forEach((rule, i) => {
      const m = rule.match ?? {};
      if (m.method && m.method.toUpperCase() !== method) return;
      if (m.pathPrefix && !path.startsWith(m.pathPrefix)) return;
      if (m.operationId && m.operationId !== operationId) return;
      if (rule.kind === 'endpointFail' && operationId !== 'createGroupEncryptionAtRestPrivateEndpoint') return;
      const roll = this.random();
      if (roll >= rule.rate) return;
      if (rule.times !== undefined && (this.fired[i] ?? 0) >= rule.times) return;
      this.fired[i] = (this.fired[i] ?? 0) + 1;
      decision.applied.push(rule.kind);
      switch (rule.kind) {
        case 'drop':
          decision.drop = true;
          break;
        case 'latency':
          decision.latencyMs += rule.ms ?? 1000;
          break;
        case '5xx':
          decision.status ??= { code: rule.status ?? 500 };
          break;
        case '429':
          decision.status ??= { code: 429, retryAfter: rule.retryAfter ?? 2 };
          break;
        case 'endpointFail':
          decision.endpointFail = true;
          break;
        default: {
          const never: never = rule.kind;
          throw new Error(`unknown fault kind ${String(never)}`);
        }
      }
    });
    return decision;
  }
}
