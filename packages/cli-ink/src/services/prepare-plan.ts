import {
  compareDiagnostics,
  evaluatePolicy,
  loadDesiredState,
  loadRulePacks,
  type Diagnostic,
  type LiveProjectState,
  type LoadedDocument,
} from '@atlas-cmk/core';
import { plan as makePlan, type Plan } from '@atlas-cmk/planner';
import {
  atlasConfigFromEnv,
  createAtlasClient,
  isLiveReadFailure,
  readLiveState,
  type AtlasClient,
} from '@atlas-cmk/runner';
import { ToolError } from '../cli-io.js';
import { inShard, type Shard } from '../shard.js';
import { ruleDirs } from '../commands/rule-packs.js';

/** What `plan` and `apply` need to make a plan. */
export interface PlanRequest {
  paths: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  policyDirs: string[];
  shard?: Shard;
  parallelism: number;
  rotateSecret: ReadonlySet<string> | 'all';
  signal?: AbortSignal;
  /** Extra HTTP observability (the request counter of benchmarks). */
  onRequest?: () => void;
}

/** A plan with everything that led to it: the documents, the live state, and non-blocking findings. */
export interface PreparedPlan {
  kind: 'ok';
  plan: Plan;
  documents: LoadedDocument[];
  live: Map<string, LiveProjectState>;
  client: AtlasClient;
  /** Warnings and waived findings to show next to the plan (never errors). */
  notes: Diagnostic[];
  configWarnings: string[];
}

/** The input or live policy stopped the plan: every blocking diagnostic, located. */
export interface BlockedPlan {
  kind: 'blocked';
  diagnostics: Diagnostic[];
}

function blocking(d: Diagnostic): boolean {
  return d.severity === 'error' && !d.waived;
}

/**
 * Load → static and live policy → live state → planner. This is the thin service that joins core, runner and
 * planner for `plan` and `apply`; it does no rendering. Configuration and connection problems are thrown as
 * `ToolError` (exit 1); problems of the input or of live policy come back as a `BlockedPlan`.
 */
export async function preparePlan(request: PlanRequest): Promise<PreparedPlan | BlockedPlan> {
  const [loaded, pack] = await Promise.all([
    loadDesiredState(request.paths, { cwd: request.cwd }),
    loadRulePacks(ruleDirs(request.policyDirs, request.cwd)),
  ]);
  const loadProblems = [...loaded.diagnostics, ...pack.diagnostics].filter(blocking);
  if (loadProblems.length > 0) return { kind: 'blocked', diagnostics: loadProblems.sort(compareDiagnostics) };
  const documents = inShard(loaded.documents, (d) => d.project.spec.projectId, request.shard);

  const config = atlasConfigFromEnv(request.env);
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  const client = createAtlasClient(config.config, {
    concurrency: request.parallelism,
    ...(request.onRequest ? { onEvent: (e) => (e.kind === 'request' ? request.onRequest?.() : undefined) } : {}),
  });

  const read = await readLiveState(
    client,
    documents.map((d) => d.project.spec.projectId),
    { concurrency: request.parallelism, ...(request.signal ? { signal: request.signal } : {}) },
  );
  const live = new Map<string, LiveProjectState>();
  const failures: Diagnostic[] = [];
  for (const doc of documents) {
    const state = read.get(doc.project.spec.projectId);
    if (state === undefined) continue;
    if (isLiveReadFailure(state)) {
      failures.push({
        code: `live/${state.reason}`,
        severity: 'error',
        message: state.message,
        ...doc.locate(['spec', 'projectId']),
        projectId: state.projectId,
      });
    } else {
      live.set(state.projectId, state);
    }
  }
  if (failures.length > 0) return { kind: 'blocked', diagnostics: failures };

  const policy = evaluatePolicy({
    rules: pack.rules,
    documents,
    scope: 'all',
    live,
    today: new Date().toISOString().slice(0, 10),
  });
  const policyProblems = policy.findings.filter(blocking);
  if (policyProblems.length > 0) return { kind: 'blocked', diagnostics: policyProblems.sort(compareDiagnostics) };

  const planned = makePlan({ documents, live, options: { rotateSecret: request.rotateSecret } });
  const planProblems = planned.diagnostics.filter(blocking);
  if (planProblems.length > 0) return { kind: 'blocked', diagnostics: planProblems.sort(compareDiagnostics) };

  return {
    kind: 'ok',
    plan: planned.plan,
    documents,
    live,
    client,
    notes: [...loaded.diagnostics, ...policy.findings, ...planned.diagnostics]
      .filter((d) => !blocking(d))
      .sort(compareDiagnostics),
    configWarnings: config.warnings,
  };
}
