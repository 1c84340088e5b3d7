import type { Diagnostic } from '@atlas-cmk/core';
import { codeSpan, escapeMarkdownText, tableCell } from '@atlas-cmk/planner';
import { countBySeverity, type FindingsReport } from './findings.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; the rest go to the job summary. */
export const GITHUB_ANNOTATION_LIMIT = 10;

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: Diagnostic): string {
  const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `col=${f.column}`,
    ...(f.endLine !== undefined ? [`endLine=${f.endLine}`] : []),
    `title=${escapeProperty(f.code)}`,
  ];
  return `::${command} ${props.join(',')}::${escapeData(f.message)}`;
}

export interface GithubOutput {
  /** Workflow commands for standard output. */
  stdout: string;
  /** Markdown for `$GITHUB_STEP_SUMMARY`: every finding, including those beyond the annotation limits. */
  summary: string;
}

/**
 * GitHub workflow annotations within GitHub's limits: the first 10 errors and the first 10 warnings (and 10
 * notices) become annotations; every finding is listed in the step summary, with a note saying how many were not
 * annotated. Waived findings are not annotated.
 */
export function formatFindingsGithub(report: FindingsReport): GithubOutput {
  const active = report.findings.filter((f) => !f.waived);
  const used = { error: 0, warning: 0, info: 0 };
  const lines: string[] = [];
  let omitted = 0;
  for (const f of active) {
    if (used[f.severity] < GITHUB_ANNOTATION_LIMIT) {
      used[f.severity] += 1;
      lines.push(annotation(f));
    } else {
      omitted += 1;
    }
  }
  const c = countBySeverity(report.findings);
  const headline = `atlas-cmk ${report.command ?? 'check'}: ${c.error} error(s), ${c.warning} warning(s) in ${report.files.length} file(s)`;
  if (omitted > 0) {
    lines.push(
      `::notice title=atlas-cmk::${escapeData(`${omitted} more finding(s) are listed in the job summary (GitHub shows at most ${GITHUB_ANNOTATION_LIMIT} annotations of each kind per step).`)}`,
    );
  }
  lines.push(headline);
  const summary: string[] = [`## ${headline}`, ''];
  if (report.findings.length === 0) {
    summary.push('No problems found.');
  } else {
    summary.push('| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
    for (const f of report.findings) {
      // Values from the files are escaped for markdown: no line break, emphasis, link, HTML or cell end.
      const sev = f.waived ? `waived (${escapeMarkdownText(f.waived.reason)})` : f.severity;
      const where = tableCell(codeSpan(`${f.file}:${f.line}:${f.column}`));
      summary.push(`| ${sev} | ${where} | ${tableCell(codeSpan(f.code))} | ${escapeMarkdownText(f.message)} |`);
    }
    if (omitted > 0)
      summary.push('', `${omitted} finding(s) above were not shown as annotations because of GitHub's limits.`);
  }
  return { stdout: lines.join('\n') + '\n', summary: summary.join('\n') + '\n' };
}
