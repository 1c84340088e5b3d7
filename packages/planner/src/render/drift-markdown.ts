import type { DriftReport, ProjectDrift } from '../drift/drift-types.js';
import { changeLines } from './change-lines.js';
import { MARKDOWN_LIMIT } from './markdown.js';
import { codeSpan, escapeHtml, escapeMarkdownText, longestRun, tableCell } from './markdown-escape.js';
import { neutralise } from './untrusted-text.js';

/** The hidden marker that lets a bot find its drift issue again (`<!-- atlas-cmk:drift KEY -->`). */
export function driftMarker(key: string): string {
  return `<!-- atlas-cmk:drift ${key.replace(/[^A-Za-z0-9._:/-]/g, '_').replaceAll('--', '-_')} -->`;
}

const TRUNCATED = '\n> **Output truncated.** Run `atlas-cmk drift` (or `--format json`) to see the full report.\n';

/**
 * The drift report as an issue or comment body: the marker, a summary line, a table of drifted projects, then
 * per project the health findings and the changes in a `diff` block inside `<details>`. Never longer than
 * GitHub's 65,536 characters. The report is neutralised first; names are code spans, messages escaped prose, and
 * the diff fence is longer than any backtick run inside it, so no value can change the structure.
 */
export function renderDriftMarkdown(original: DriftReport, options: { key?: string; limit?: number } = {}): string {
  const report = neutralise(original);
  const limit = Math.min(options.limit ?? MARKDOWN_LIMIT, MARKDOWN_LIMIT);
  const head = `${driftMarker(options.key ?? 'default')}\n### atlas-cmk drift\n\n`;
  if (report.summary.drifted === 0)
    return `${head}**No drift.** Live state matches the desired state and every health check passes.\n`;
  const { drifted, projects, changes, health } = report.summary;
  let out = [
    head,
    `**Drift in ${drifted} of ${projects} project${projects === 1 ? '' : 's'}:** ${changes} change${changes === 1 ? '' : 's'}, ${health} health finding${health === 1 ? '' : 's'}.\n\n`,
    '| Project | ID | Changes | Health | Repair steps |\n| --- | --- | ---: | ---: | ---: |\n',
    ...report.projects
      .filter(isDrifted)
      .map(
        (p) =>
          `| ${tableCell(codeSpan(p.name))} | ${tableCell(codeSpan(p.projectId))} | ${p.changes.length} | ${p.health.length} | ${p.repairSteps} |\n`,
      ),
  ].join('');
  const budget = limit - TRUNCATED.length;
  for (const p of report.projects.filter(isDrifted)) {
    const section = projectSection(p);
    if (out.length + section.length > budget) return out + TRUNCATED;
    out += section;
  }
  return out;
}

function isDrifted(p: ProjectDrift): boolean {
  return p.changes.length > 0 || p.health.length > 0;
}

function projectSection(p: ProjectDrift): string {
  const health = p.health.map((h) => `- **${h.code}**: ${escapeMarkdownText(h.message)}\n`).join('');
  const diff = p.changes.flatMap((c) => changeLines(c).map((l) => `${diffSymbol(l.symbol)} ${l.text}`)).join('\n');
  const fence = '`'.repeat(Math.max(3, longestRun(diff, '`') + 1));
  const summary = `<code>${escapeHtml(p.name)}</code> (${escapeHtml(p.projectId)}): ${p.changes.length} changes`;
  const details =
    diff.length > 0
      ? `\n<details><summary>${summary}</summary>\n\n${fence}diff\n${diff}\n${fence}\n\n</details>\n`
      : '';
  return `\n#### ${escapeMarkdownText(p.name)} (${codeSpan(p.projectId)})\n\n${health}${details}`;
}

function diffSymbol(symbol: string): string {
  return symbol === '+' || symbol === '-' ? symbol : symbol === '#' ? ' ' : '!';
}
