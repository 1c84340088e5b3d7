import type { Paint } from '../color.js';
import { countBySeverity, type FindingsReport } from './findings.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Human text: one line per finding, `file:line:column  severity  message  [rule]`, waived findings dimmed with
 * their reason, then a summary line.
 */
export function formatFindingsText(report: FindingsReport, paint: Paint): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const where = `${f.file}:${f.line}:${f.column}`;
    const sev =
      f.severity === 'error'
        ? paint.red('error')
        : f.severity === 'warning'
          ? paint.yellow('warning')
          : paint.cyan('info');
    if (f.waived) {
      lines.push(
        paint.dim(
          `${where}  waived   ${f.message}  [${f.code}] (waived until ${f.waived.expires}: ${f.waived.reason})`,
        ),
      );
    } else if (f.severity === 'info') {
      lines.push(paint.dim(`${where}  info  ${f.message}  [${f.code}]`));
    } else {
      lines.push(`${paint.bold(where)}  ${sev}  ${f.message}  ${paint.dim(`[${f.code}]`)}`);
    }
  }
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
