import type { RunEvent } from '@atlas-cmk/runner';
import { describe, expect, it } from 'vitest';
import { renderPlain } from './plain-renderer.js';
import { terminalSafe } from './terminal-safe.js';

const hostile: RunEvent = {
  kind: 'step.failed',
  at: '2026-11-28T10:00:12.000Z',
  projectId: '66c9e8f1dd6c9960802420e9',
  stepId: 'cl',
  elapsedMs: 800,
  error: {
    message: 'Refused\u001b[2J\u001b[31m by Atlas\r\nsecond line\u0007',
    errorCode: 'X',
    hint: 'Retry\u009b later',
  },
};

describe('terminalSafe', () => {
  it('shows control characters in every string escaped and keeps everything else', () => {
    expect(terminalSafe(hostile)).toEqual({
      ...hostile,
      error: {
        message: 'Refused\\e[2J\\e[31m by Atlas\\r\\nsecond line\\x07',
        errorCode: 'X',
        hint: 'Retry\\x9b later',
      },
    });
    expect(hostile.kind === 'step.failed' && hostile.error.message).toContain('\u001b');
  });

  it('keeps a hostile message to one plain line without escape codes', async () => {
    async function* events(): AsyncGenerator<RunEvent> {
      yield { kind: 'run.started', at: '2026-11-28T10:00:00.000Z', projects: [] };
      yield hostile;
    }
    const lines: string[] = [];
    await renderPlain(events(), { write: (l) => lines.push(l), color: false });
    const failed = lines.find((l) => l.includes('failed:')) ?? '';
    expect(failed).toContain('failed: Refused\\e[2J\\e[31m by Atlas\\r\\nsecond line\\x07 [X] (0s)');
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.some((l) => l.includes('\u0007') || l.includes('\r'))).toBe(false);
  });
});
