import {
  compareDiagnostics,
  evaluatePolicy,
  loadDesiredState,
  loadEmbeddedDocuments,
  loadRulePacks,
  rulesMetadata,
  type Diagnostic,
  type LiveProjectState,
  type LoadedDocument,
  type RuleMetadata,
  type RuleStatus,
} from '@atlas-cmk/core';
import {
  addSummaries,
  plan as makePlan,
  PLAN_FORMAT_VERSION,
  type KeyFacts,
  type Plan,
  type PlanFinding,
  type ProjectPlan,
} from '@atlas-cmk/planner';
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
  /**
   * Reads Key Vault's attributes of the key versions the documents name, by versioned key URL (`reconcile`, `drift
   * --read-keys`). It runs while the live state is read; each project is planned once both are back, and a disabled
   * key version gets a `key.enable` step. Absent (`plan`, `apply`): no key is read, and none is enabled.
   */
  keyFacts?: (documents: readonly LoadedDocument[]) => Promise<ReadonlyMap<string, KeyFacts>>;
  /** False: a disabled key version is left alone (`reconcile --no-key-repair`). Default true. */
  repairKeys?: boolean;
}

/**
 * Every finding of a plan run, blocking or not (loader notes, static, live and plan policy with waived ones,
 * planner diagnostics, live-read failures), with what a findings formatter needs: the rules, the files, and
 * the policy engine's counts. `plan --findings-out` writes it whether or not the plan was stopped.
 */
export interface PlanFindingsReport {
  findings: Diagnostic[];
  rules: RuleMetadata[];
  files: string[];
  counts: Record<RuleStatus, number>;
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
  report: PlanFindingsReport;
}

/** The input, or static, live or plan policy, stopped the plan: every blocking diagnostic, located. */
export interface BlockedPlan {
  kind: 'blocked';
  diagnostics: Diagnostic[];
  report: PlanFindingsReport;
}

function blocking(d: Diagnostic): boolean {
  return d.severity === 'error' && !d.waived;
}

/**
 * Load → live state → planner → static, live and plan policy. This is the thin service that joins core, runner
 * and planner for `plan` and `apply`; it does no rendering. Configuration and connection problems are thrown as
 * `ToolError` (exit 1); problems of the input or of policy come back as a `BlockedPlan`, and a plan that
 * policy stopped is never returned (so nothing can save, post or apply it).
 */
export async function preparePlan(request: PlanRequest): Promise<PreparedPlan | BlockedPlan> {
  const [loaded, pack] = await Promise.all([
    request.saved ? loadSavedDocuments(request.saved) : loadDesiredState(request.paths, { cwd: request.cwd }),
    loadRulePacks(ruleDirs(request.policyDirs, request.cwd), rulePackOptions()),
  ]);
  const counts: Record<RuleStatus, number> = { pass: 0, fail: 0, skip: 0, waived: 0 };
  const report = (findings: readonly Diagnostic[], documents: readonly LoadedDocument[]): PlanFindingsReport => ({
    findings: [...findings].sort(compareDiagnostics),
    rules: rulesMetadata(pack.rules),
    files: [...new Set(documents.map((d) => d.file))],
    counts,
  });
  const blocked = (
    diagnostics: Diagnostic[],
    all: readonly Diagnostic[],
    docs: readonly LoadedDocument[],
  ): BlockedPlan => ({
    kind: 'blocked',
    diagnostics: diagnostics.sort(compareDiagnostics),
    report: report(all, docs),
  });
  const rotateSecret = request.saved
    ? new Set(request.saved.projects.filter((p) => p.desired.rotateSecret).map((p) => p.projectId))
    : request.rotateSecret;
  const loadProblems = [...loaded.diagnostics, ...pack.diagnostics].filter(blocking);
  if (loadProblems.length > 0)
    return blocked(loadProblems, [...loaded.diagnostics, ...pack.diagnostics], loaded.documents);
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
  const keysRead = request.keyFacts?.(documents);
  const pending: Promise<void>[] = [];
  const keyOptions = (keys: ReadonlyMap<string, KeyFacts>) => ({
    keys,
    nowMs: Date.now(),
    ...(request.repairKeys === false ? { repairKeys: false } : {}),
  });
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
    if (keysRead) pending.push(keysRead.then((keys) => planOne(doc, projectId, state, keyOptions(keys))));
    else planOne(doc, projectId, state, {});
  };
  const planOne = (
    doc: LoadedDocument,
    projectId: string,
    state: LiveProjectState,
    keyed: { keys?: ReadonlyMap<string, KeyFacts>; nowMs?: number; repairKeys?: boolean },
  ): void => {
    const one = new Map([[projectId, state]]);
    const result = makePlan({ documents: [doc], live: one, options: { rotateSecret, ...keyed } });
    // Static, live and plan rules in one evaluation: plan rules judge the plan just made (the planner's
    // ProjectPlan is the ComputedPlan shape core reads), and the waivers of the file cover all of them.
    const plans = new Map(result.plan.projects.map((p) => [p.projectId, p]));
    const policy = evaluatePolicy({ rules: pack.rules, documents: [doc], scope: 'all', live: one, plans, today });
    findings.push(...policy.findings);
    for (const status of Object.keys(counts) as RuleStatus[]) counts[status] += policy.counts[status];
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
  await Promise.all(pending);
  const seen = [...loaded.diagnostics, ...findings];
  if (failures.length > 0) return blocked(failures, [...seen, ...failures], documents);

  const policyProblems = findings.filter(blocking);
  if (policyProblems.length > 0) return blocked(policyProblems, seen, documents);

  // Assemble in document order, exactly as one plan() call over every document would.
  const ordered = documents.flatMap((d) => {
    const p = planned.get(d.project.spec.projectId);
    return p ? [p] : [];
  });
  const projects = ordered.flatMap((p) => p.projects);
  const planDiagnostics = ordered.flatMap((p) => p.diagnostics);
  const planProblems = planDiagnostics.filter(blocking);
  if (planProblems.length > 0) return blocked(planProblems, [...seen, ...planDiagnostics], documents);
  const notes = [...seen, ...planDiagnostics].filter((d) => !blocking(d)).sort(compareDiagnostics);
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    projects,
    summary: addSummaries(projects.map((p) => p.summary)),
    ...(notes.length > 0 ? { findings: notes.map(planFinding) } : {}),
  };

  return {
    kind: 'ok',
    plan,
    documents,
    live,
    client,
    notes,
    configWarnings: config.warnings,
    report: report([...seen, ...planDiagnostics], documents),
  };
}

/** A non-blocking diagnostic as the plan carries it (JSON plan, pull-request comment). */
function planFinding(d: Diagnostic): PlanFinding {
  return {
    ruleId: d.ruleId ?? d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    projectId: d.projectId ?? null,
    ...(d.waived ? { waived: { ...d.waived } } : {}),
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
