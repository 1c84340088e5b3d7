import {
  compareDiagnostics,
  evaluatePolicy,
  loadDesiredState,
  loadRulePacks,
  type Diagnostic,
  type Severity,
} from '@atlas-cmk/core';
import { oneOf, parseCommandArgs } from '../args.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { failingFindings, type FindingsReport } from '../format/findings.js';
import { emitFindings, FINDINGS_FORMATS } from '../format/findings-output.js';
import { toolVersion } from '../version.js';
import { ruleDirs, rulePackOptions } from './rule-packs.js';

const SEVERITIES = ['error', 'warning', 'info'] as const;

/** Problems with the invocation or the tool's inputs rather than the checked files: exit code 2. */
function isToolProblem(d: Diagnostic): boolean {
  return d.code.startsWith('io/') || d.code === 'policy/invalid-rule' || d.code === 'policy/duplicate-rule';
}

/** `atlas-cmk check PATH…`: schema + static policy, offline. Exit 0 clean, 1 violations, 2 usage or tool error. */
export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', argv, {
    format: { type: 'string' },
    policy: { type: 'string', multiple: true },
    'fail-on': { type: 'string' },
    output: { type: 'string', short: 'o' },
    'skip-other-yaml': { type: 'boolean' },
  });
  const format = oneOf('format', values.format, FINDINGS_FORMATS, 'text');
  const failOn: Severity = oneOf('fail-on', values['fail-on'], SEVERITIES, 'error');
  if (positionals.length === 0) {
    throw new UsageError(
      'check needs at least one PATH (a file, folder or glob).',
      'Example: atlas-cmk check examples/',
    );
  }

  const dirs = ruleDirs(values.policy ?? [], io.cwd);
  const [loaded, pack] = await Promise.all([
    loadDesiredState(positionals, { cwd: io.cwd, skipOtherYaml: values['skip-other-yaml'] === true }),
    loadRulePacks(dirs, rulePackOptions()),
  ]);
  const policy = evaluatePolicy({
    rules: pack.rules,
    documents: loaded.documents,
    scope: 'static',
    today: new Date().toISOString().slice(0, 10),
  });
  const findings = [...loaded.diagnostics, ...pack.diagnostics, ...policy.findings].sort(compareDiagnostics);
  const report: FindingsReport = {
    findings,
    rules: pack.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, helpUri: r.docs })),
    files: loaded.files,
    counts: policy.counts,
    toolVersion: toolVersion(),
  };

  emitFindings(format, report, { io, output: values.output, toolErrorExit: 2 });

  if (findings.some(isToolProblem)) return 2;
  return failingFindings(findings, failOn).length > 0 ? 1 : 0;
}
