import type { Plan, ProjectPlan } from '../plan-types.js';
import { isEmptySummary } from '../summary.js';
import { changeLines, type DiffLine } from './change-lines.js';
import { stepLines } from './step-lines.js';
import { styleFor, type Style } from './style.js';
import { neutralise } from './untrusted-text.js';

/** Options of {@link renderText}. */
export interface TextOptions {
  /** ANSI colours; the caller decides from NO_COLOR/FORCE_COLOR and the terminal. */
  color: boolean;
}

/** The line printed for a plan with nothing to do. */
export const NO_CHANGES = 'No changes. Live state matches the desired state.';

/**
 * The plan for a terminal, like `terraform plan`: a section per project with its resource diffs
 * (`+` create, `~` update in place, `-` destroy, `-/+` replace, `<=` awaited), its numbered steps with
 * their dependencies, its warnings, then `Plan: N to add, N to change, N to destroy.`
 *
 * Every value of the plan (names, file paths, reasons, warnings, values from Atlas) reaches the text with its
 * control characters escaped: the plan is neutralised first, so the only escape sequences in the result are
 * the colours asked for.
 */
export function renderText(plan: Plan, options: TextOptions = { color: false }): string {
  const style = styleFor(options.color);
  if (isEmptySummary(plan.summary)) return `${NO_CHANGES}\n`;
  const sections = neutralise(plan.projects).map((project) => renderProjectText(project, style).join('\n'));
  const { add, change, destroy } = plan.summary;
  const summary = style.bold(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`);
  return `${sections.join('\n\n')}\n\n${summary}\n`;
}

/**
 * The lines of one project's section, used by the text and markdown renderers. The project must already be
 * neutralised (see `neutralise`): its strings are printed as they are.
 */
export function renderProjectText(project: ProjectPlan, style: Style = styleFor(false)): string[] {
  const lines = [
    style.bold(`# project ${project.name} (${project.projectId})`) + style.dim(`  ${project.file}:${project.line}`),
    style.dim(`  live fingerprint ${project.fingerprint}`),
  ];
  if (isEmptySummary(project.summary)) return [...lines, '', '  No changes.'];
  for (const change of project.resourceChanges.filter((c) => c.action !== 'no-op')) {
    lines.push('');
    changeLines(change).forEach((line, index) => lines.push(diffLine(line, index === 0 ? 2 : 6, style)));
  }
  lines.push('', style.bold(`  Steps (${project.steps.length}):`));
  const steps = stepLines(project.steps);
  const width = String(steps.length).length;
  for (const step of steps) {
    const number = `${String(step.number).padStart(width + 3)}.`;
    const destructive = step.destructive ? style.destroy('  [destructive]') : '';
    lines.push(`${number} ${step.head}${step.after ? `  ${step.after}` : ''}${destructive}`);
    lines.push(style.dim(`${' '.repeat(number.length + 1)}${step.description}`));
  }
  if (project.warnings.length > 0) lines.push('', ...project.warnings.map((w) => style.change(`  Warning: ${w}`)));
  return lines;
}

function diffLine(line: DiffLine, indent: number, style: Style): string {
  const paint: Record<DiffLine['symbol'], (s: string) => string> = {
    '+': style.add,
    '-': style.destroy,
    '~': style.change,
    '-/+': style.replace,
    '<=': style.dim,
    '#': style.dim,
  };
  return `${' '.repeat(indent)}${paint[line.symbol](line.symbol)} ${line.symbol === '#' ? style.dim(line.text) : line.text}`;
}
