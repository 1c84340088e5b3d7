import type { Diagnostic } from '@atlas-cmk/core';
import { neutralise } from '@atlas-cmk/planner';
import type { Paint } from '../color.js';
import { countBySeverity, type FindingsReport } from './findings.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One line per diagnostic, `file:line:column  severity  message  [code]`; waived findings and info notes dimmed
 * (waived ones with their reason). Used by `check` and for the problems that stop a plan. File names, messages
 * (which quote values from the file) and waiver reasons are neutralised: one line per diagnostic, no control
 * character.
 */
export function formatDiagnosticLines(findings: readonly Diagnostic[], paint: Paint): string[] {
  return neutralise(findings).map((f) => {
    const where = `${f.file}:${f.line}:${f.column}`;
    if (f.waived) {
      return paint.dim(
        `${where}  waived   ${f.message}  [${f.code}] (waived until ${f.waived.expires}: ${f.waived.reason})`,
      );
    }
    if (f.severity === 'info') return paint.dim(`${where}  info  ${f.message}  [${f.code}]`);
    const sev = f.severity === 'error' ? paint.red('error') : paint.yellow('warning');
    return `${paint.bold(where)}  ${sev}  ${f.message}  ${paint.dim(`[${f.code}]`)}`;
  });
}

/** Human text: {@link formatDiagnosticLines}, then a summary line. */
export function formatFindingsText(report: FindingsReport, paint: Paint): string {
  const lines = formatDiagnosticLines(report.findings, paint);
  const c = countBySeverity(report.findings);
  const waived = report.findings.filter((f) => f.waived).length;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning')];
  if (c.info > 0) parts.push(`${c.info} info`);
  if (waived > 0) parts.push(`${waived} waived`);
  const files = plural(report.files.length, 'file');
  const notes = [...(c.info > 0 ? [`${c.info} info`] : []), ...(waived > 0 ? [`${waived} waived`] : [])];
  const summary =
    c.error + c.warning === 0
      ? paint.green(`✓ ${files} checked, no problems${notes.length > 0 ? ` (${notes.join(', ')})` : ''}.`)
      : `${files} checked: ${parts.join(', ')}.`;
  if (lines.length > 0) lines.push('');
  lines.push(summary);
  return lines.join('\n') + '\n';
}
