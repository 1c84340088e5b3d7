import type { RunEvent } from '@atlas-cmk/runner';
import { describe, expect, it } from 'vitest';
import { ndjsonLine, renderNdjson } from './ndjson-renderer.js';
import { scriptedRun } from './scripted-run.js';

const BASE = Date.parse('2026-11-28T10:00:00.000Z');

async function* from(events: RunEvent[]): AsyncGenerator<RunEvent> {
  yield* events;
}

describe('renderNdjson', () => {
  it('writes exactly the events, one JSON document per line, and stops after run.finished', async () => {
    const events = scriptedRun(BASE).map((e) => e.event);
    const extra: RunEvent = {
      kind: 'step.skipped',
      at: new Date(BASE).toISOString(),
      projectId: 'p',
      stepId: 's',
      reason: 'after the end',
    };
    const lines: string[] = [];
    await renderNdjson(from([...events, extra]), { write: (l) => lines.push(l) });
    expect(lines).toHaveLength(events.length);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(events);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('writes keys in a stable order whatever order the producer used', () => {
    const event: RunEvent = {
      error: { hint: 'Scale it up.', status: 400, errorCode: 'INSUFFICIENT_INSTANCE_SIZE', message: 'Refused' },
      elapsedMs: 800,
      stepId: 'cl',
      projectId: '66c9e8f1dd6c9960802420e9',
      at: '2026-11-28T10:00:12.000Z',
      kind: 'step.failed',
    };
    expect(ndjsonLine(event)).toBe(
      '{"kind":"step.failed","at":"2026-11-28T10:00:12.000Z","projectId":"66c9e8f1dd6c9960802420e9","stepId":"cl","elapsedMs":800,' +
        '"error":{"message":"Refused","errorCode":"INSUFFICIENT_INSTANCE_SIZE","status":400,"hint":"Scale it up."}}',
    );
  });

  it('leaves absent optional fields out instead of writing null', () => {
    const line = ndjsonLine({
      kind: 'run.finished',
      at: '2026-11-28T10:00:29.000Z',
      outcome: 'converged',
      elapsedMs: 29_000,
      counts: { pending: 0, skipped: 0, failed: 0, succeeded: 3 },
    });
    expect(line).toBe(
      '{"kind":"run.finished","at":"2026-11-28T10:00:29.000Z","outcome":"converged","elapsedMs":29000,"counts":{"succeeded":3,"failed":0,"skipped":0,"pending":0}}',
    );
  });
});
