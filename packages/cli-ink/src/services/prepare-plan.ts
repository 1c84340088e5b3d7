import {
  compareDiagnostics,
  evaluatePolicy,
  loadDesiredState,
  loadEmbeddedDocuments,
  loadRulePacks,
  type Diagnostic,
  type LiveProjectState,
  type LoadedDocument,
} from '@atlas-cmk/core';
import { addSummaries, plan as makePlan, PLAN_FORMAT_VERSION, type Plan, type ProjectPlan } from '@atlas-cmk/planner';
import {
  atlasConfigFromEnv,
  createAtlasClient,
  isLiveReadFailure,
  readLiveState,
  type AtlasClient,
  type HttpEvent,
  type LiveReadFailure,
} from '@atlas-cmk/runner';
import { ToolError } from '../cli-io.js';
import { inShard, type Shard } from '../shard.js';
import { ruleDirs, rulePackOptions } from '../commands/rule-packs.js';

/** What `plan` and `apply` need to make a plan. */
export interface PlanRequest {
  /** Desired-state files, folders and globs; ignored when `saved` is given. */
  paths: string[];
  /**
   * A saved plan to re-derive: its documents (carried as data) are checked and planned exactly like files,
   * with the `--rotate-secret` choice it recorded, against a fresh read of the live state.
   */
  saved?: Plan;
  cwd: string;
  env: NodeJS.ProcessEnv;
  policyDirs: string[];
  shard?: Shard;
  parallelism: number;
  rotateSecret: ReadonlySet<string> | 'all';
  signal?: AbortSignal;
  /** Extra HTTP observability (the request counter of benchmarks). */
  onRequest?: () => void;
  /** Every HTTP event of the Atlas client (reconcile's request metrics). */
  onHttpEvent?: (event: HttpEvent) => void;
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
    request.saved ? loadSavedDocuments(request.saved) : loadDesiredState(request.paths, { cwd: request.cwd }),
    loadRulePacks(ruleDirs(request.policyDirs, request.cwd), rulePackOptions()),
  ]);
  const rotateSecret = request.saved
    ? new Set(request.saved.projects.filter((p) => p.desired.rotateSecret).map((p) => p.projectId))
    : request.rotateSecret;
  const loadProblems = [...loaded.diagnostics, ...pack.diagnostics].filter(blocking);
  if (loadProblems.length > 0) return { kind: 'blocked', diagnostics: loadProblems.sort(compareDiagnostics) };
  const documents = inShard(loaded.documents, (d) => d.project.spec.projectId, request.shard);

  const config = atlasConfigFromEnv(request.env);
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  const client = createAtlasClient(config.config, {
    concurrency: request.parallelism,
    ...(request.onRequest || request.onHttpEvent
      ? {
          onEvent: (e: HttpEvent) => {
            if (e.kind === 'request') request.onRequest?.();
            request.onHttpEvent?.(e);
          },
        }
      : {}),
  });

  // Live policy and planning run per project as soon as its four reads are back, while the other projects are
  // still being read: after the last answer only that project's work is left.
  const byId = new Map(documents.map((d) => [d.project.spec.projectId, d]));
  const today = new Date().toISOString().slice(0, 10);
  const live = new Map<string, LiveProjectState>();
  const failures: Diagnostic[] = [];
  const findings: Diagnostic[] = [];
  const planned = new Map<string, { projects: ProjectPlan[]; diagnostics: Diagnostic[] }>();
  const onProject = (projectId: string, state: LiveProjectState | LiveReadFailure): void => {
    const doc = byId.get(projectId);
    if (doc === undefined) return;
    if (isLiveReadFailure(state)) {
      failures.push({
        code: `live/${state.reason}`,
        severity: 'error',
        message: state.message,
        ...doc.locate(['spec', 'projectId']),
        projectId: state.projectId,
      });
      return;
    }
    live.set(projectId, state);
    const one = new Map([[projectId, state]]);
    findings.push(...evaluatePolicy({ rules: pack.rules, documents: [doc], scope: 'all', live: one, today }).findings);
    const result = makePlan({ documents: [doc], live: one, options: { rotateSecret } });
    planned.set(projectId, { projects: result.plan.projects, diagnostics: result.diagnostics });
  };
  await readLiveState(
    client,
    documents.map((d) => d.project.spec.projectId),
    {
      concurrency: request.parallelism,
      onProject,
      // `cmk/project-active` must be known before apply writes anything (see probeProjectActive).
      probeActive: true,
      ...(request.signal ? { signal: request.signal } : {}),
    },
  );
  if (failures.length > 0) return { kind: 'blocked', diagnostics: failures.sort(compareDiagnostics) };

  const policyProblems = findings.filter(blocking);
  if (policyProblems.length > 0) return { kind: 'blocked', diagnostics: policyProblems.sort(compareDiagnostics) };

  // Assemble in document order, exactly as one plan() call over every document would.
  const ordered = documents.flatMap((d) => {
    const p = planned.get(d.project.spec.projectId);
    return p ? [p] : [];
  });
  const projects = ordered.flatMap((p) => p.projects);
  const planDiagnostics = ordered.flatMap((p) => p.diagnostics);
  const planProblems = planDiagnostics.filter(blocking);
  if (planProblems.length > 0) return { kind: 'blocked', diagnostics: planProblems.sort(compareDiagnostics) };
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    projects,
    summary: addSummaries(projects.map((p) => p.summary)),
  };

  return {
    kind: 'ok',
    plan,
    documents,
    live,
    client,
    notes: [...loaded.diagnostics, ...findings, ...planDiagnostics]
      .filter((d) => !blocking(d))
      .sort(compareDiagnostics),
    configWarnings: config.warnings,
  };
}

/** The documents a saved plan carries, checked like files; a project described twice is refused. */
async function loadSavedDocuments(saved: Plan): Promise<{ documents: LoadedDocument[]; diagnostics: Diagnostic[] }> {
  const loaded = await loadEmbeddedDocuments(
    saved.projects.map((p) => ({ data: p.desired.document, file: p.file, index: p.desired.index, line: p.line })),
  );
  const seen = new Set<string>();
  const diagnostics = [...loaded.diagnostics];
  const documents = loaded.documents.filter((d) => {
    const id = d.project.spec.projectId;
    if (!seen.has(id)) return seen.add(id);
    diagnostics.push({
      code: 'project/duplicate',
      severity: 'error',
      message: `project ${id} is described twice in the saved plan; describe each project once`,
      ...d.locate([]),
      projectId: id,
    });
    return false;
  });
  return { documents, diagnostics };
}
