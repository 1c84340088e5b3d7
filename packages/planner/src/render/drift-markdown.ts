import type { DriftReport, ProjectDrift } from '../drift/drift-types.js';
import { changeLines } from './change-lines.js';
import { inertText } from './inert-text.js';
import { MARKDOWN_LIMIT } from './markdown.js';

/** The hidden marker that lets a bot find its drift issue again (`<!-- atlas-cmk:drift KEY -->`). */
export function driftMarker(key: string): string {
  return `<!-- atlas-cmk:drift ${key.replace(/[^A-Za-z0-9._:/-]/g, '_').replaceAll('--', '-_')} -->`;
}

const TRUNCATED = '\n> **Output truncated.** Run `atlas-cmk drift` (or `--format json`) to see the full report.\n';

/**
 * The drift report as an issue or comment body: the marker, a summary line, a table of drifted projects, then
 * per project the health findings and the changes in a `diff` block inside `<details>`. Never longer than
 * GitHub's 65,536 characters. Untrusted text is made inert for markdown: HTML and table syntax escaped, code
 * fences cannot be closed from inside.
 */
export function renderDriftMarkdown(report: DriftReport, options: { key?: string; limit?: number } = {}): string {
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
          `| ${cell(p.name)} | \`${p.projectId}\` | ${p.changes.length} | ${p.health.length} | ${p.repairSteps} |\n`,
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
  const health = p.health.map((h) => `- **${h.code}**: ${inline(h.message)}\n`).join('');
  const diff = p.changes.flatMap((c) => changeLines(c).map((l) => `${diffSymbol(l.symbol)} ${inertText(l.text)}`));
  const details =
    diff.length > 0
      ? `\n<details><summary>${escapeHtml(`${inertText(p.name)} (${p.projectId}): ${p.changes.length} changes`)}</summary>\n\n\`\`\`diff\n${diff.join('\n').replaceAll('```', "'''")}\n\`\`\`\n\n</details>\n`
      : '';
  return `\n#### ${inline(p.name)} (\`${p.projectId}\`)\n\n${health}${details}`;
}

function diffSymbol(symbol: string): string {
  return symbol === '+' || symbol === '-' ? symbol : symbol === '#' ? ' ' : '!';
}

function inline(text: string): string {
  return escapeHtml(inertText(text)).replace(/([\\`*_[\]|#])/g, '\\$1');
}

function cell(text: string): string {
  return inline(text);
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
