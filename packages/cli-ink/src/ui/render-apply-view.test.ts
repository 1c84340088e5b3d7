import type { RunEvent } from '@atlas-cmk/runner';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderApplyView } from './render-apply-view.js';
import { scriptedRun } from './scripted-run.js';

const BASE = Date.parse('2026-11-28T10:00:00.000Z');
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** A real writable stream standing in for a 100-column terminal; collects everything Ink writes. */
function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { columns: 100, rows: 60 });
  return { stream, text: () => chunks.join('') };
}

describe('renderApplyView', () => {
  it('mounts the view, consumes the stream up to run.finished and leaves the final frame', async () => {
    const events = scriptedRun(BASE).map((e) => e.event);
    let pulledAfterEnd = false;
    async function* stream(): AsyncGenerator<RunEvent> {
      yield* events;
      pulledAfterEnd = true;
    }
    const out = terminal();
    await renderApplyView(stream(), { stdout: out.stream, stderr: terminal().stream, color: false });
    const text = out.text().replace(ANSI, '');
    expect(text).toContain('Apply failed: 1 failed, 1 skipped (12 succeeded, 29s)');
    expect(text).toContain('payments-prod (66c9…20e9)');
    expect(text).toContain('✓ Endpoint US_CENTRAL approved');
    expect(text).toContain('✗ Enable CMK on cluster events');
    expect(pulledAfterEnd).toBe(false);
  });

  it('does not pass escape sequences from event text through to the terminal', async () => {
    const [started] = scriptedRun(BASE);
    async function* stream(): AsyncGenerator<RunEvent> {
      if (started) yield started.event;
      yield {
        kind: 'step.failed',
        at: new Date(BASE + 1_000).toISOString(),
        projectId: '66c9e8f1dd6c9960802420e9',
        stepId: 'ear',
        elapsedMs: 900,
        error: { message: 'Refused\u001b]0;title from a server\u0007 by Atlas', errorCode: 'X' },
      };
    }
    const out = terminal();
    await renderApplyView(stream(), { stdout: out.stream, color: false });
    expect(out.text()).toContain(String.raw`Refused\e]0;title from a server\x07 by Atlas`);
    expect(out.text()).not.toContain('\u001b]0;');
  });

  it('unmounts and passes on the error when the event stream fails', async () => {
    async function* broken(): AsyncGenerator<RunEvent> {
      yield scriptedRun(BASE)[0]!.event;
      throw new Error('runner crashed');
    }
    await expect(renderApplyView(broken(), { stdout: terminal().stream, color: false })).rejects.toThrow(
      'runner crashed',
    );
  });
});
