/** One NDJSON event line of `atlas-cmk apply --format ndjson`, with the fields the reliability suites read. */
export interface ApplyEvent {
  kind: string;
  stepId?: string;
  stepKind?: string;
  target?: string;
  outcome?: string;
  next?: string;
  observed?: string;
  message?: string;
  /** `step.actionRequired`: the exact command a person runs. */
  command?: string;
  error?: { message: string; errorCode?: string; status?: number; hint?: string };
}

/** Parse stdout of an NDJSON apply; throws naming the line when a line is not JSON (stdout must be events only). */
export function parseEvents(stdout: string): ApplyEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      try {
        return JSON.parse(line) as ApplyEvent;
      } catch (error) {
        throw new Error(`stdout line ${i + 1} is not an NDJSON event: ${line.slice(0, 120)}`, { cause: error });
      }
    });
}

/** The outcome of the run's `run.finished` event, or `missing` when the process ended without one. */
export function runOutcome(events: readonly ApplyEvent[]): string {
  return events.findLast((e) => e.kind === 'run.finished')?.outcome ?? 'missing';
}
