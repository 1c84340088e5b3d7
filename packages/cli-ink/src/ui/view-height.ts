import { isActive } from './run-selectors.js';
import type { ProjectView, RunState, StepView } from './run-view-types.js';
import { wrapCommand } from './wrap-command.js';

/**
 * How many terminal rows the live part of the view (projects still running, their approval boxes, the progress
 * line) takes at `width` columns, full or compact. An estimate for choosing the layout, not a measurement: when
 * Ink's live output is as tall as the terminal, Ink clears the whole screen on every frame and the top is lost,
 * so the view switches to the compact layout before that happens.
 */
export function estimateLiveHeight(state: RunState, width: number, compact: boolean): number {
  const live = state.projects.filter((p) => !state.completed.includes(p.projectId));
  const running = state.finished === undefined;
  return live.reduce(
    (rows, p) => rows + panelHeight(p, width, compact, running) + (running ? approvalsHeight(p, width, compact) : 0),
    1,
  );
}

/** In the compact layout succeeded and pending steps fold into one row each and the endpoint rows go. */
export function compactGroups(project: ProjectView): { succeeded: number; shown: StepView[]; pending: number } {
  return {
    succeeded: project.steps.filter((s) => s.state === 'succeeded').length,
    shown: project.steps.filter((s) => s.state !== 'succeeded' && s.state !== 'pending'),
    pending: project.steps.filter((s) => s.state === 'pending').length,
  };
}

function panelHeight(project: ProjectView, width: number, compact: boolean, live: boolean): number {
  const inner = Math.max(20, width - 8);
  if (compact) {
    const g = compactGroups(project);
    const folded = (g.succeeded > 0 ? 1 : 0) + (g.pending > 0 ? 1 : 0);
    // Top rule and title; errors keep one line for the message and one for the hint.
    return 2 + folded + g.shown.reduce((n, s) => n + stepHeight(s, inner, true, live), 0);
  }
  // Two borders, the title, and a row per endpoint.
  return 3 + project.endpoints.length + project.steps.reduce((n, s) => n + stepHeight(s, inner, false, live), 0);
}

function stepHeight(step: StepView, inner: number, compact: boolean, live: boolean): number {
  let rows = 1;
  // A step the run left under way has one "stopped after" line instead of its wait, retry and approval lines.
  if (!live && isActive(step)) return rows + 1;
  if (step.wait && (step.state === 'waiting' || step.state === 'actionRequired')) rows += 1;
  if (step.state === 'actionRequired') rows += 1;
  if (isActive(step) && step.lastRetry) rows += 1;
  if (step.state === 'skipped' && step.skipReason) rows += 1;
  if (step.state === 'failed' && step.error) {
    rows += compact ? 1 : lines(step.error.message.length + 40, inner);
    if (step.error.hint) rows += compact ? 1 : lines(step.error.hint.length + 12, inner);
  }
  return rows;
}

function approvalsHeight(project: ProjectView, width: number, compact: boolean): number {
  return project.steps
    .filter((s) => s.state === 'actionRequired' && s.action)
    .reduce((rows, s) => {
      const action = s.action ?? { instruction: '', command: '' };
      const heading = `ACTION REQUIRED (${project.name}, ${s.target}): ${action.instruction}`;
      // Two borders, the heading, the "Run this" line and a blank line (not when compact), the command.
      const extra = compact ? 0 : 2;
      return rows + 2 + lines(heading.length, width) + extra + wrapCommand(action.command, width).length;
    }, 0);
}

function lines(chars: number, width: number): number {
  return Math.max(1, Math.ceil(chars / width));
}
