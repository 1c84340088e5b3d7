import type { PlanFinding } from '../plan-types.js';
import { codeSpan, escapeMarkdownText } from './markdown-escape.js';

/**
 * The plan's policy findings as a section of the pull-request comment: a one-line count in a `<details>`
 * summary, then one bullet per finding with its severity, rule id and `file:line:column` (as code) and its
 * message (as escaped prose), waived ones with the waiver's expiry and reason. Empty when there is none.
 * Every value goes through the shared markdown escapes, so a hostile message or rule id cannot close the
 * section, start markup or break its line.
 */
export function renderFindingsMarkdown(findings: readonly PlanFinding[] | undefined): string {
  if (findings === undefined || findings.length === 0) return '';
  const count = (pick: (f: PlanFinding) => boolean, word: string): string[] => {
    const n = findings.filter(pick).length;
    return n === 0 ? [] : [`${n} ${word}${n === 1 || word === 'info' || word === 'waived' ? '' : 's'}`];
  };
  const parts = [
    ...count((f) => !f.waived && f.severity === 'error', 'error'),
    ...count((f) => !f.waived && f.severity === 'warning', 'warning'),
    ...count((f) => !f.waived && f.severity === 'info', 'info'),
    ...count((f) => f.waived !== undefined, 'waived'),
  ];
  const bullets = findings.map((f) => {
    const where = codeSpan(`${f.file}:${f.line}:${f.column}`);
    const head = f.waived ? 'waived' : `**${f.severity}**`;
    const waiver = f.waived
      ? ` _(waived until ${escapeMarkdownText(f.waived.expires)}: ${escapeMarkdownText(f.waived.reason)})_`
      : '';
    return `- ${head} ${codeSpan(f.ruleId)} ${where}: ${escapeMarkdownText(f.message)}${waiver}\n`;
  });
  return `\n<details><summary>Policy: ${parts.join(', ')}</summary>\n\n${bullets.join('')}\n</details>\n`;
}
