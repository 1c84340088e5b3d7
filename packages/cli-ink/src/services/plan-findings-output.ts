import { resolve } from 'node:path';
import { UsageError, ToolError, type CliIo } from '../cli-io.js';
import { makePaint } from '../color.js';
import type { FindingsReport, RuleInfo } from '../format/findings.js';
import { FINDINGS_FORMATS, findingsOutput } from '../format/findings-output.js';
import { toolVersion } from '../version.js';
import { describeWriteError, writePrivateFile } from '../write-private-file.js';
import type { PlanFindingsReport } from './prepare-plan.js';

/** Formats of `plan --findings-format`: the formatters of `check`. */
export const PLAN_FINDINGS_FORMATS = FINDINGS_FORMATS;
export type PlanFindingsFormat = (typeof PLAN_FINDINGS_FORMATS)[number];

/** Where `plan` sends its findings report besides the usual lines on standard error, if anywhere. */
export type PlanFindingsTarget =
  { kind: 'none' } | { kind: 'file'; format: Exclude<PlanFindingsFormat, 'github'>; path: string } | { kind: 'github' };

/**
 * Read `--findings-format` and `--findings-out`. A file gets text, JSON or SARIF (the default: what code
 * scanning uploads); GitHub annotations are workflow commands, which the runner reads from standard output
 * only, so they need the text plan there (`--format text`) and no file. Throws `UsageError` otherwise, before
 * anything is read.
 */
export function parsePlanFindingsTarget(
  format: string | undefined,
  out: string | undefined,
  planFormat: string,
): PlanFindingsTarget {
  if (format !== undefined && !(PLAN_FINDINGS_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--findings-format must be one of ${PLAN_FINDINGS_FORMATS.join(', ')}; got "${format}".`);
  const chosen = format as PlanFindingsFormat | undefined;
  if (chosen === 'github') {
    if (out !== undefined)
      throw new UsageError(
        '--findings-format github writes workflow annotations to standard output; --findings-out takes text, json or sarif.',
      );
    if (planFormat !== 'text')
      throw new UsageError(
        `--findings-format github needs the text plan on standard output (not --format ${planFormat}).`,
        'Write the findings to a file instead: --findings-out findings.sarif',
      );
    return { kind: 'github' };
  }
  if (out !== undefined) return { kind: 'file', format: chosen ?? 'sarif', path: out };
  if (chosen !== undefined)
    throw new UsageError(
      `--findings-format ${chosen} needs --findings-out FILE.`,
      'Example: --findings-out findings.sarif',
    );
  return { kind: 'none' };
}

/**
 * Write the findings report of a plan run where `target` says: a file (replaced atomically), or GitHub workflow
 * annotations on standard output and every finding in `$GITHUB_STEP_SUMMARY`. Runs whether or not policy stopped
 * the plan, so CI gets the located findings of a stopped plan too. `moreRules` describes findings of checks that
 * are not policy rules (the Azure preflight).
 */
export function emitPlanFindings(
  target: PlanFindingsTarget,
  report: PlanFindingsReport,
  io: CliIo,
  moreRules: readonly RuleInfo[] = [],
): void {
  if (target.kind === 'none') return;
  const findings: FindingsReport = {
    findings: report.findings,
    rules: [
      ...report.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, helpUri: r.docs })),
      ...moreRules,
    ],
    files: report.files,
    counts: report.counts,
    toolVersion: toolVersion(),
    command: 'plan',
  };
  switch (target.kind) {
    case 'github':
      io.stdout.write(findingsOutput('github', findings, { paint: makePaint(false), env: io.env, toolErrorExit: 1 }));
      return;
    case 'file': {
      const text = findingsOutput(target.format, findings, { paint: makePaint(false), env: io.env, toolErrorExit: 1 });
      try {
        // Atomic and owner-only, as every file atlas-cmk writes; a symbolic link in its place is refused.
        writePrivateFile(resolve(io.cwd, target.path), text);
      } catch (error) {
        throw new ToolError(`cannot write ${target.path}: ${describeWriteError(error)}`, 1, { cause: error });
      }
      return;
    }
    default: {
      const never: never = target;
      throw new Error(`unhandled findings target ${JSON.stringify(never)}`);
    }
  }
}
