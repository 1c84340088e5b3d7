import type { RunEvent } from '@atlas-cmk/runner';
import type { Paint } from '../color.js';
import { formatClock, formatDuration, plural } from './format-time.js';
import type { RunState, StepView } from './run-view-types.js';
import { displayTarget, stepElapsedMs } from './run-selectors.js';
import { summaryText } from './summary-text.js';

/** Column widths so that lines of one run align: project name, step kind, target. */
interface Columns {
  name: number;
  kind: number;
  target: number;
}

function columns(state: RunState): Columns {
  const steps = state.projects.flatMap((p) => p.steps);
  return {
    name: Math.max(0, ...state.projects.map((p) => p.name.length)),
    kind: Math.max(0, ...steps.map((s) => s.kind.length)),
    target: Math.max(0, ...state.projects.flatMap((p) => p.steps.map((s) => displayTarget(p, s).length))),
  };
}

function stepPrefix(state: RunState, projectId: string, step: StepView | undefined, at: number, paint: Paint): string {
  const cols = columns(state);
  const project = state.projects.find((p) => p.projectId === projectId);
  const name = project?.name ?? projectId;
  const target = project && step ? displayTarget(project, step) : '';
  const clock = paint.dim(`[${formatClock(at - (state.startedAt ?? at))}]`);
  return `${clock} ${name.padEnd(cols.name)}  ${(step?.kind ?? '').padEnd(cols.kind)}  ${target.padEnd(cols.target)}  `;
}

function delay(ms: number): string {
  return ms < 1000 ? `${ms}ms` : formatDuration(ms);
}

/**
 * The plain lines for one event, given the state after it was reduced. Usually one line; an approval adds the
 * command on a line of its own (so it can be copied whole), a failure adds what to do, the summary adds the next step.
 */
export function plainLines(state: RunState, event: RunEvent, paint: Paint): string[] {
  const at = Date.parse(event.at);
  if (event.kind === 'run.started') {
    const steps = event.projects.reduce((n, p) => n + p.steps.length, 0);
    const names = event.projects.map((p) => `${p.name} (${p.projectId})`).join(', ');
    return [
      `${paint.dim('[00:00]')} Apply started: ${plural(steps, 'step')} in ${plural(event.projects.length, 'project')}: ${names}`,
    ];
  }
  if (event.kind === 'run.finished') {
    const finish = state.finished;
    if (!finish) return [];
    const text = summaryText(finish);
    const color = text.outcome === 'converged' ? paint.green : text.outcome === 'failed' ? paint.red : paint.yellow;
    const clock = paint.dim(`[${formatClock(at - (state.startedAt ?? at))}]`);
    return [`${clock} ${paint.bold(color(text.headline))}`, ...(text.next ? [`        ${text.next}`] : [])];
  }
  const step = state.projects.find((p) => p.projectId === event.projectId)?.steps.find((s) => s.id === event.stepId);
  const prefix = stepPrefix(state, event.projectId, step, at, paint);
  switch (event.kind) {
    case 'step.started':
      return [`${prefix}started: ${event.description}`];
    case 'step.waiting':
      return [
        `${prefix}${paint.cyan('waiting:')} ${event.observed} -> ${event.until} (${formatDuration(event.elapsedMs)})`,
      ];
    case 'step.actionRequired':
      return [
        `${prefix}${paint.bold(paint.yellow('ACTION REQUIRED:'))} ${event.instruction}`,
        `        ${event.command}`,
      ];
    case 'step.retrying':
      return [
        `${prefix}${paint.yellow('retrying:')} attempt ${event.attempt} in ${delay(event.delayMs)} (${event.reason})`,
      ];
    case 'step.succeeded':
      return [`${prefix}${paint.green('done:')} ${event.message} (${formatDuration(event.elapsedMs)})`];
    case 'step.failed': {
      const { error } = event;
      const codes = [error.errorCode, error.status === undefined ? undefined : `HTTP ${error.status}`].filter(
        (c) => c !== undefined,
      );
      const suffix = codes.length > 0 ? ` [${codes.join(', ')}]` : '';
      return [
        `${prefix}${paint.red('failed:')} ${error.message}${suffix} (${formatDuration(event.elapsedMs)})`,
        ...(error.hint ? [`        what to do: ${error.hint}`] : []),
      ];
    }
    case 'step.skipped':
      return [`${prefix}${paint.dim('skipped:')} ${event.reason}`];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** "Still waiting…" for one step that has been quiet, like Terraform's "Still creating… [40s elapsed]". */
export function heartbeatLine(state: RunState, projectId: string, step: StepView, now: number, paint: Paint): string {
  const prefix = stepPrefix(state, projectId, step, now, paint);
  const elapsed = `[${formatDuration(stepElapsedMs(step, now) ?? 0)} elapsed]`;
  if (step.state === 'actionRequired') {
    return `${prefix}${paint.yellow('Still waiting for approval')} (see ACTION REQUIRED above)  ${elapsed}`;
  }
  const status = step.wait ? `${step.wait.until} (now ${step.wait.observed})` : step.description;
  return `${prefix}Still waiting for ${status}  ${elapsed}`;
}
