import type { DriftReport, ProjectDrift } from '../drift/drift-types.js';
import { changeLines } from './change-lines.js';
import { neutralise } from './untrusted-text.js';
import { styleFor } from './style.js';

/** The line printed when nothing drifted. */
export const NO_DRIFT = 'No drift. Live state matches the desired state and every health check passes.';

/**
 * The drift report for a terminal: per drifted project its health findings (`!`) and its resource changes in the
 * plan's symbols, then `Drift: N of M projects (N changes, N health findings).` Projects without drift are
 * one line each. The report is neutralised first: no value from Atlas or a file can carry a control character.
 */
export function renderDriftText(original: DriftReport, options: { color: boolean } = { color: false }): string {
  const report = neutralise(original);
  const style = styleFor(options.color);
  if (report.summary.drifted === 0) return `${NO_DRIFT}\n`;
  const sections = report.projects.map((p) => projectSection(p, style).join('\n'));
  const { drifted, projects, changes, health } = report.summary;
  const summary = style.bold(
    `Drift: ${drifted} of ${projects} project${projects === 1 ? '' : 's'} (${changes} change${changes === 1 ? '' : 's'}, ${health} health finding${health === 1 ? '' : 's'}).`,
  );
  return `${sections.join('\n\n')}\n\n${summary}\n`;
}

function projectSection(p: ProjectDrift, style: ReturnType<typeof styleFor>): string[] {
  const head = style.bold(`# project ${p.name} (${p.projectId})`) + style.dim(`  ${p.file}:${p.line}`);
  if (p.changes.length === 0 && p.health.length === 0) return [head, '  No drift.'];
  const lines = [head];
  for (const h of p.health) lines.push(`  ${style.destroy('!')} ${h.message}  ${style.dim(`[${h.code}]`)}`);
  for (const c of p.changes) {
    changeLines(c).forEach((line, i) => lines.push(`${' '.repeat(i === 0 ? 2 : 6)}${line.symbol} ${line.text}`));
  }
  lines.push(
    style.dim(
      p.repairSteps > 0
        ? `  ${p.repairSteps} step${p.repairSteps === 1 ? '' : 's'} would repair the changes: ${
            // Only reconcile reads Key Vault, so only it plans the enabling of a key.
            p.changes.some((c) => c.address.startsWith('key.'))
              ? 'atlas-cmk reconcile.'
              : 'atlas-cmk apply (or reconcile).'
          }`
        : '  No step of atlas-cmk repairs this: act on the findings above.',
    ),
  );
  return lines;
}
