import { compareDiagnostics, loadDesiredState } from '@atlas-cmk/core';
import { oneOf, parseCommandArgs } from '../args.js';
import { UsageError, type CliIo } from '../cli-io.js';
import type { FindingsReport } from '../format/findings.js';
import { emitFindings, FINDINGS_FORMATS } from '../format/findings-output.js';
import { preflightRules, runAzurePreflight } from '../services/azure-preflight.js';
import { toolVersion } from '../version.js';

/**
 * `atlas-cmk preflight PATH…`: check, with the Azure identity, that the Azure side of every described project is
 * ready before Atlas is asked to use it (resource providers, vault, key, approval permission). Only reads. Exit 0
 * ready, 1 a check failed or the files are invalid, 2 usage error or Azure could not be asked.
 */
export async function runPreflight(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('preflight', argv, {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'secret-expiry-days': { type: 'string' },
  });
  const days = values['secret-expiry-days'];
  if (days !== undefined && !/^\d{1,4}$/.test(days))
    throw new UsageError(`--secret-expiry-days must be a whole number of days; got "${days}".`);
  const format = oneOf('format', values.format, FINDINGS_FORMATS, 'text');
  if (positionals.length === 0)
    throw new UsageError(
      'preflight needs at least one PATH (a file, folder or glob).',
      'Example: atlas-cmk preflight atlas/',
    );
  const loaded = await loadDesiredState(positionals, { cwd: io.cwd });
  const invalid = loaded.diagnostics.filter((d) => d.severity === 'error');
  const checks =
    invalid.length > 0
      ? []
      : await runAzurePreflight(loaded.documents, io.env, {
          exitCode: 2,
          ...(days !== undefined ? { secretWindowDays: Number(days) } : {}),
        });
  const findings = [...loaded.diagnostics, ...checks].sort(compareDiagnostics);
  const report: FindingsReport = {
    findings,
    rules: preflightRules(),
    files: loaded.files,
    counts: { pass: 0, fail: 0, skip: 0, waived: 0 },
    toolVersion: toolVersion(),
    command: 'preflight',
  };
  emitFindings(format, report, { io, output: values.output, toolErrorExit: 2 });
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
