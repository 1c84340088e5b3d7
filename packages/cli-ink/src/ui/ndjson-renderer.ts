import type { RunEvent, StepSummary } from '@atlas-cmk/runner';

/** Options of {@link renderNdjson}: `write` receives one JSON document per call, without the newline. */
export interface NdjsonRendererOptions {
  write: (line: string) => void;
}

/**
 * `--format ndjson`: exactly the events, one JSON object per line, nothing else. Keys are written in a fixed
 * order per event kind (kind, at, ids, then the payload), whatever order the producer built them in, so consumers
 * and diffs of logs see a stable shape. Absent optional fields are left out. Resolves after `run.finished`.
 */
export async function renderNdjson(events: AsyncIterable<RunEvent>, options: NdjsonRendererOptions): Promise<void> {
  for await (const event of events) {
    options.write(ndjsonLine(event));
    if (event.kind === 'run.finished') break;
  }
}

/** One event as one line of JSON with the stable key order described on {@link renderNdjson}. */
export function ndjsonLine(event: RunEvent): string {
  return JSON.stringify(ordered(event));
}

function ordered(event: RunEvent): Record<string, unknown> {
  switch (event.kind) {
    case 'run.started':
      return {
        kind: event.kind,
        at: event.at,
        projects: event.projects.map((p) => ({
          projectId: p.projectId,
          name: p.name,
          steps: p.steps.map(orderedStep),
        })),
      };
    case 'step.started':
      return { ...ids(event), stepKind: event.stepKind, target: event.target, description: event.description };
    case 'step.waiting':
      return {
        ...ids(event),
        until: event.until,
        observed: event.observed,
        elapsedMs: event.elapsedMs,
        deadlineMs: event.deadlineMs,
      };
    case 'step.actionRequired':
      return { ...ids(event), instruction: event.instruction, command: event.command };
    case 'step.retrying':
      return { ...ids(event), attempt: event.attempt, delayMs: event.delayMs, reason: event.reason };
    case 'step.succeeded':
      return { ...ids(event), elapsedMs: event.elapsedMs, message: event.message };
    case 'step.failed': {
      const { message, errorCode, status, hint } = event.error;
      return { ...ids(event), elapsedMs: event.elapsedMs, error: { message, errorCode, status, hint } };
    }
    case 'step.skipped':
      return { ...ids(event), reason: event.reason };
    case 'run.finished': {
      const { succeeded, failed, skipped, pending } = event.counts;
      return {
        kind: event.kind,
        at: event.at,
        outcome: event.outcome,
        elapsedMs: event.elapsedMs,
        counts: { succeeded, failed, skipped, pending },
        next: event.next,
      };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function ids(event: { kind: string; at: string; projectId: string; stepId: string }): Record<string, unknown> {
  return { kind: event.kind, at: event.at, projectId: event.projectId, stepId: event.stepId };
}

function orderedStep(step: StepSummary): Record<string, unknown> {
  return {
    id: step.id,
    kind: step.kind,
    target: step.target,
    description: step.description,
    dependsOn: [...step.dependsOn],
  };
}
