import { resolve } from 'node:path';
import { renderJsonChunks, renderMarkdown, renderText } from '@atlas-cmk/planner';
import { oneOf, parseCommandArgs, parseCount } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint } from '../color.js';
import { formatDiagnosticLines } from '../format/findings-text.js';
import { compareDiagnostics } from '@atlas-cmk/core';
import { preflightRules } from '../services/azure-preflight.js';
import { emitPlanFindings, parsePlanFindingsTarget } from '../services/plan-findings-output.js';
import { planKey, signaturePath, signingPieces } from '../services/plan-signature.js';
import {
  parsePreflightMode,
  planPreflight,
  PREFLIGHT_OPTIONS,
  type PlanPreflightOutcome,
} from '../services/plan-preflight.js';
import { preparePlan, type PlanRequest } from '../services/prepare-plan.js';
import { writeChunks } from '../services/write-chunks.js';
import { parseShard } from '../shard.js';
import { describeWriteError, writePrivateFile } from '../write-private-file.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

/** Options shared by `plan` and `apply` for making a plan. */
export const PLAN_OPTIONS = {
  policy: { type: 'string', multiple: true },
  shard: { type: 'string' },
  parallelism: { type: 'string' },
  'rotate-secret': { type: 'string', multiple: true },
} as const;

/**
 * The part of a {@link PlanRequest} every command that plans (plan, apply, drift, reconcile) takes from its
 * {@link PLAN_OPTIONS} and paths: the files, the rule packs, the shard and the parallelism.
 */
export function planSelection(
  values: { policy?: string[] | undefined; shard?: string | undefined; parallelism?: string | undefined },
  paths: string[],
  io: CliIo,
): Pick<PlanRequest, 'paths' | 'cwd' | 'env' | 'policyDirs' | 'shard' | 'parallelism'> {
  return {
    paths,
    cwd: io.cwd,
    env: io.env,
    policyDirs: values.policy ?? [],
    ...(values.shard ? { shard: parseShard(values.shard) } : {}),
    parallelism: parseParallelism(values.parallelism),
  };
}

/** `--parallelism N`: requests (and projects being read) in flight at once, 1 to 64, default 8. */
export function parseParallelism(text: string | undefined): number {
  return parseCount('parallelism', text, { min: 1, max: 64 }, 8);
}

/** `--rotate-secret ID` (repeatable) or `--rotate-secret all`. */
export function parseRotateSecret(values: readonly string[] | undefined): ReadonlySet<string> | 'all' {
  if (!values || values.length === 0) return new Set();
  if (values.includes('all')) return 'all';
  for (const v of values) {
    if (!/^[0-9a-f]{24}$/i.test(v))
      throw new UsageError(`--rotate-secret takes a project id (24 hex characters) or "all"; got "${v}".`);
  }
  return new Set(values.map((v) => v.toLowerCase()));
}

/**
 * `atlas-cmk plan PATH…`: read live state, make the plan, run static, live and plan policy and the Azure pre-flight
 * checks (`planPreflight`), print the ordered plan. A policy error or a failing check stops it before anything is
 * saved (`--out`) or printed as a plan; the findings report
 * (`--findings-out`, `--findings-format`) is written either way. Exit 0 ok (with `--detailed-exitcode`: 0 no
 * changes, 2 changes), 1 error.
 */
export async function runPlan(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, {
    ...PLAN_OPTIONS,
    out: { type: 'string' },
    format: { type: 'string' },
    'detailed-exitcode': { type: 'boolean' },
    'findings-format': { type: 'string' },
    'findings-out': { type: 'string' },
    ...PREFLIGHT_OPTIONS,
  });
  const preflightMode = parsePreflightMode(values);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const findingsTarget = parsePlanFindingsTarget(values['findings-format'], values['findings-out'], format);
  if (positionals.length === 0)
    throw new UsageError('plan needs at least one PATH (a file, folder or glob).', 'Example: atlas-cmk plan atlas/');
  const color = colorEnabled(io.env, io.stdout.isTTY === true);

  const prepared = await preparePlan({
    ...planSelection(values, positionals, io),
    rotateSecret: parseRotateSecret(values['rotate-secret']),
  });
  const paint = makePaint(colorEnabled(io.env, io.stderr.isTTY === true));
  // The Azure side of every planned project is checked too (reads only; --skip-preflight: not at all); a failing
  // check stops the plan exactly as a policy error does.
  const checked: PlanPreflightOutcome =
    prepared.kind === 'ok' ? await planPreflight(prepared.documents, io.env, preflightMode) : { kind: 'skipped' };
  const preflight = checked.kind === 'checked' ? checked.findings : [];
  const report = { ...prepared.report, findings: [...prepared.report.findings, ...preflight].sort(compareDiagnostics) };
  // The findings report is written even when policy stopped the plan: that is when CI needs it most.
  emitPlanFindings(findingsTarget, report, io, preflight.length > 0 ? preflightRules() : []);
  const stoppedBy =
    prepared.kind === 'blocked' ? prepared.diagnostics : preflight.filter((d) => d.severity === 'error');
  if (prepared.kind === 'blocked' || stoppedBy.length > 0) {
    io.stderr.write('atlas-cmk: the plan was stopped by these problems:\n\n');
    io.stderr.write(`${formatDiagnosticLines(stoppedBy, paint).join('\n')}\n`);
    return 1;
  }
  for (const w of prepared.configWarnings) io.stderr.write(`atlas-cmk: warning: ${w}\n`);
  if (checked.kind === 'skipped' && checked.notice !== undefined) io.stderr.write(`${checked.notice}\n`);
  // Policy warnings, and pre-flight checks that could not look (a missing read permission), said but not stopping.
  const notes = [...prepared.notes, ...preflight.filter((d) => d.severity !== 'error')].sort(compareDiagnostics);
  for (const line of formatDiagnosticLines(notes, paint)) io.stderr.write(`${line}\n`);

  if (values.out) {
    const path = resolve(io.cwd, values.out);
    try {
      // Owner-only: a plan names projects, vaults and endpoints (never a secret, but still nobody else's business).
      const key = planKey(io.env);
      if (key === undefined) writePrivateFile(path, renderJsonChunks(prepared.plan));
      else {
        // A detached signature for the job that applies it (ATLAS_CMK_PLAN_KEY on both sides).
        const signed = signingPieces(renderJsonChunks(prepared.plan), key);
        writePrivateFile(path, signed.pieces);
        writePrivateFile(signaturePath(path), signed.signature());
      }
    } catch (error) {
      throw new ToolError(`cannot write the plan to ${values.out}: ${describeWriteError(error)}`, 1, { cause: error });
    }
  }
  switch (format) {
    case 'text':
      io.stdout.write(renderText(prepared.plan, { color }));
      if (values.out)
        io.stdout.write(
          `\nSaved the plan to ${values.out}. Apply exactly this plan with: atlas-cmk apply --plan ${values.out}\n`,
        );
      break;
    case 'json':
      await writeChunks(io.stdout, renderJsonChunks(prepared.plan));
      break;
    case 'markdown':
      io.stdout.write(renderMarkdown(prepared.plan));
      break;
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
  const changes = prepared.plan.summary.steps > 0;
  return values['detailed-exitcode'] && changes ? 2 : 0;
}
