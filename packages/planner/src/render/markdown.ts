import { fnv1a64 } from '../hash/fnv1a64.js';
import type { Plan, ProjectPlan } from '../plan-types.js';
import { isEmptySummary } from '../summary.js';
import { renderJson } from './json.js';
import { renderFindingsMarkdown } from './markdown-findings.js';
import { renderProjectText } from './text.js';
import { codeSpan, escapeHtml, longestRun, tableCell } from './markdown-escape.js';
import { neutralise } from './untrusted-text.js';

/** GitHub refuses pull-request comments longer than this. */
export const MARKDOWN_LIMIT = 65_536;

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Hash of the JSON plan in the hidden marker; defaults to FNV-1a 64. */
  hash?: (s: string) => string;
  /** Size cap in characters (default and maximum {@link MARKDOWN_LIMIT}). */
  limit?: number;
}

const TRUNCATED =
  '\n> **Output truncated** to fit a pull-request comment. Run `atlas-cmk plan` (or `--format json`) to see the full plan.\n';

/**
 * The plan as a pull-request comment: a hidden marker `<!-- atlas-cmk plan: <hash> -->` (so a bot can
 * update its comment), the summary and a table of projects, the policy findings the plan carries (in
 * `<details>`), then each project's diff in `<details>`.
 * The result never exceeds the limit: details that do not fit are cut, with a note saying how to see
 * the full plan.
 *
 * Values cannot change the structure: the plan is neutralised first (no value holds a line break or another
 * control character), names are shown as code (no emphasis, link, mention or HTML), escaped for the table cell
 * or the HTML `<summary>` they sit in, and the diff's fence is longer than any run of backticks inside it. So a
 * hostile name or value yields the same blocks as a clean one, and the only HTML comment is the marker.
 */
export function renderMarkdown(original: Plan, options: MarkdownOptions = {}): string {
  const limit = Math.min(options.limit ?? MARKDOWN_LIMIT, MARKDOWN_LIMIT);
  const marker = `<!-- atlas-cmk plan: ${(options.hash ?? fnv1a64)(renderJson(original))} -->\n`;
  const plan = neutralise(original);
  const findings = renderFindingsMarkdown(plan.findings);
  if (isEmptySummary(plan.summary))
    return fit(
      `${marker}### atlas-cmk plan\n\n**No changes.** Live state matches the desired state.\n${findings}`,
      limit,
    );
  const { add, change, destroy, steps } = plan.summary;
  const head = [
    marker,
    '### atlas-cmk plan\n\n',
    `**Plan: ${add} to add, ${change} to change, ${destroy} to destroy.** ${steps} steps in ${plan.projects.length} project${plan.projects.length === 1 ? '' : 's'}.\n\n`,
    '| Project | ID | Add | Change | Destroy | Steps |\n| --- | --- | ---: | ---: | ---: | ---: |\n',
    ...plan.projects.map(
      (p) =>
        `| ${tableCell(codeSpan(p.name))} | ${tableCell(codeSpan(p.projectId))} | ${p.summary.add} | ${p.summary.change} | ${p.summary.destroy} | ${p.summary.steps} |\n`,
    ),
    findings,
  ].join('');
  const budget = limit - TRUNCATED.length;
  if (head.length > budget) return fit(head, budget) + TRUNCATED;
  let out = head;
  for (const project of plan.projects) {
    const { open, body, close } = projectDetails(project);
    if (out.length + open.length + body.length + close.length <= budget) {
      out += open + body + close;
      continue;
    }
    // Cut this project's diff at a line boundary so the fence and the details element stay closed.
    const room = budget - out.length - open.length - close.length;
    const cut = room > 0 ? body.slice(0, body.lastIndexOf('\n', room - 1) + 1) : '';
    if (cut.length > 0) out += open + cut + close;
    return out + TRUNCATED;
  }
  return out;
}

/** One project's `<details>`: its opening up to the diff fence, the diff lines, and the closing fence and tag. */
function projectDetails(project: ProjectPlan): { open: string; body: string; close: string } {
  const { add, change, destroy, steps } = project.summary;
  const summary = `<code>${escapeHtml(project.name)}</code> (${escapeHtml(project.projectId)}): ${add} to add, ${change} to change, ${destroy} to destroy, ${steps} steps`;
  const body = `${renderProjectText(project).map(diffLine).join('\n')}\n`;
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return {
    open: `\n<details><summary>${summary}</summary>\n\n${fence}diff\n`,
    body,
    close: `${fence}\n\n</details>\n`,
  };
}

/**
 * GitHub's `diff` highlighting colours a line by its first character, so the change symbol moves to the
 * front; `~` and `-/+` become `!` (changed), as tfcmt does for Terraform plans.
 */
function diffLine(line: string): string {
  const match = /^(\s*)(-\/\+|\+|-|~)( .*)$/.exec(line);
  if (!match) return line;
  const [, space = '', symbol = '', rest = ''] = match;
  const first = symbol === '+' || symbol === '-' ? symbol : '!';
  return `${first}${space}${symbol === '-/+' ? ' -/+' : ''}${rest}`;
}

function fit(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, text.lastIndexOf('\n', limit - 1) + 1);
}
