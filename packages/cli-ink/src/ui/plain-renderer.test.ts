import type { RunEvent } from '@atlas-cmk/runner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPlain } from './plain-renderer.js';
import { APPROVE_COMMAND, PAYMENTS, scriptedRun, type ScriptedEvent } from './scripted-run.js';

const BASE = Date.parse('2026-11-28T10:00:00.000Z');
const ESC = '\u001b[';

/** Emits each scripted event at its offset, on the (fake) timers. */
async function* paced(script: ScriptedEvent[]): AsyncGenerator<RunEvent> {
  let t = 0;
  for (const { offsetMs, event } of script) {
    if (offsetMs > t) await new Promise((resolve) => setTimeout(resolve, offsetMs - t));
    t = Math.max(t, offsetMs);
    yield event;
  }
}

async function run(
  script: ScriptedEvent[],
  options: { color?: boolean; heartbeatMs?: number; advanceMs: number },
): Promise<string[]> {
  const lines: string[] = [];
  const done = renderPlain(paced(script), {
    write: (l) => lines.push(l),
    color: options.color ?? false,
    heartbeatMs: options.heartbeatMs,
  });
  await vi.advanceTimersByTimeAsync(options.advanceMs);
  await done;
  return lines;
}

const at = (ms: number) => new Date(BASE + ms).toISOString();

/** One project with one step that waits and then stays silent for `silentMs` before succeeding. */
function longWait(silentMs: number): ScriptedEvent[] {
  const steps = [
    {
      id: 'w',
      kind: 'endpoint.waitActive' as const,
      target: 'US_CENTRAL',
      description: 'Wait for endpoint US_CENTRAL to be ACTIVE',
      dependsOn: [],
    },
  ];
  return [
    { offsetMs: 0, event: { kind: 'run.started', at: at(0), projects: [{ ...PAYMENTS, steps }] } },
    {
      offsetMs: 0,
      event: {
        kind: 'step.started',
        at: at(0),
        projectId: PAYMENTS.projectId,
        stepId: 'w',
        stepKind: 'endpoint.waitActive',
        target: 'US_CENTRAL',
        description: 'Wait',
      },
    },
    {
      offsetMs: 2_000,
      event: {
        kind: 'step.waiting',
        at: at(2_000),
        projectId: PAYMENTS.projectId,
        stepId: 'w',
        until: 'ACTIVE',
        observed: 'PENDING_ACCEPTANCE',
        elapsedMs: 2_000,
        deadlineMs: 600_000,
      },
    },
    {
      offsetMs: 2_000 + silentMs,
      event: {
        kind: 'step.succeeded',
        at: at(2_000 + silentMs),
        projectId: PAYMENTS.projectId,
        stepId: 'w',
        elapsedMs: 2_000 + silentMs,
        message: 'Endpoint US_CENTRAL ACTIVE',
      },
    },
    {
      offsetMs: 2_100 + silentMs,
      event: {
        kind: 'run.finished',
        at: at(2_100 + silentMs),
        outcome: 'converged',
        elapsedMs: 2_100 + silentMs,
        counts: { succeeded: 1, failed: 0, skipped: 0, pending: 0 },
      },
    },
  ];
}

describe('renderPlain', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(BASE);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes one aligned line per event with the run clock, project, step kind and target', async () => {
    const lines = await run(scriptedRun(BASE), { advanceMs: 40_000 });
    expect(lines[0]).toBe(
      '[00:00] Apply started: 14 steps in 2 projects: payments-prod (66c9e8f1dd6c9960802420e9), analytics (671a0b2c3d4e5f6a7b8c9d0e)',
    );
    expect(lines).toContain(
      '[00:00] payments-prod  ear.enable                      project       started: Enable CMK on the project',
    );
    expect(lines).toContain(
      '[00:08] analytics      endpoint.waitActive             US_EAST_2     waiting: PENDING_ACCEPTANCE -> ACTIVE (4s)',
    );
    expect(lines).toContain(
      '[00:03] payments-prod  endpoint.create                 EUROPE_NORTH  retrying: attempt 2 in 2s (HTTP 503 from Atlas)',
    );
    expect(lines).toContain(
      '[00:22] payments-prod  endpoint.waitActive             EUROPE_NORTH  done: Endpoint EUROPE_NORTH ACTIVE (15s)',
    );
    expect(lines).toContain(
      '[00:12] analytics      cluster.waitIdle                events        skipped: Enable CMK on cluster events failed',
    );
  });

  it('prints the approval instruction in full and the exact command alone on the next line', async () => {
    const lines = await run(scriptedRun(BASE), { advanceMs: 40_000 });
    const i = lines.findIndex((l) => l.includes('ACTION REQUIRED'));
    expect(lines[i]).toBe(
      '[00:09] payments-prod  endpoint.approve                US_CENTRAL    ACTION REQUIRED: Approve the private endpoint connection of kv-payments for US_CENTRAL in Azure',
    );
    expect(lines[i + 1]?.trim()).toBe(APPROVE_COMMAND);
  });

  it('prints errors with code, status and what to do, and ends with the summary and next step', async () => {
    const lines = await run(scriptedRun(BASE), { advanceMs: 40_000 });
    const i = lines.findIndex((l) => l.includes('failed: Atlas refused'));
    expect(lines[i]).toContain(
      'failed: Atlas refused to enable CMK on cluster events [INSUFFICIENT_INSTANCE_SIZE, HTTP 400] (0s)',
    );
    expect(lines[i + 1]?.trim()).toBe(
      'what to do: Scale cluster events to M10 or larger, or remove it from the file, then run atlas-cmk apply again.',
    );
    expect(lines.slice(-2)).toEqual([
      '[00:29] Apply failed: 1 failed, 1 skipped (12 succeeded, 29s)',
      '        Scale cluster events to M10 or larger, then run atlas-cmk apply again.',
    ]);
  });

  it('writes a heartbeat every 10 seconds while a step waits silently, like Terraform', async () => {
    const lines = await run(longWait(45_000), { advanceMs: 60_000 });
    expect(lines[0]).toBe('[00:00] Apply started: 1 step in 1 project: payments-prod (66c9e8f1dd6c9960802420e9)');
    const beats = lines.filter((l) => l.includes('Still waiting'));
    expect(beats).toEqual([
      '[00:12] payments-prod  endpoint.waitActive  US_CENTRAL  Still waiting for ACTIVE (now PENDING_ACCEPTANCE)  [12s elapsed]',
      '[00:22] payments-prod  endpoint.waitActive  US_CENTRAL  Still waiting for ACTIVE (now PENDING_ACCEPTANCE)  [22s elapsed]',
      '[00:32] payments-prod  endpoint.waitActive  US_CENTRAL  Still waiting for ACTIVE (now PENDING_ACCEPTANCE)  [32s elapsed]',
      '[00:42] payments-prod  endpoint.waitActive  US_CENTRAL  Still waiting for ACTIVE (now PENDING_ACCEPTANCE)  [42s elapsed]',
    ]);
    expect(lines.at(-1)).toBe('[00:47] Apply complete: 1 step succeeded in 47s');
  });

  it('stays quiet while the waiting step reports on its own and after the run ends', async () => {
    const lines = await run(longWait(8_000), { advanceMs: 60_000 });
    expect(lines.some((l) => l.includes('Still waiting'))).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reminds of a pending approval with the configured heartbeat', async () => {
    const lines = await run(scriptedRun(BASE), { advanceMs: 40_000, heartbeatMs: 5_000 });
    expect(lines).toContain(
      '[00:15] payments-prod  endpoint.approve                US_CENTRAL    Still waiting for approval (see ACTION REQUIRED above)  [5s elapsed]',
    );
  });

  it('writes no escape codes without colour, and colours states with it', async () => {
    const plain = await run(scriptedRun(BASE), { advanceMs: 40_000 });
    expect(plain.join('\n')).not.toContain(ESC);
    vi.setSystemTime(BASE);
    const coloured = await run(scriptedRun(BASE), { advanceMs: 40_000, color: true });
    expect(coloured.find((l) => l.includes('done:'))).toContain(`${ESC}32mdone:${ESC}39m`);
    expect(coloured.find((l) => l.includes('failed:'))).toContain(`${ESC}31mfailed:${ESC}39m`);
  });

  it('clears its timer when the event stream throws', async () => {
    async function* broken(): AsyncGenerator<RunEvent> {
      yield* paced(longWait(1_000).slice(0, 3));
      throw new Error('stream broke');
    }
    const done = renderPlain(broken(), { write: () => undefined, color: false });
    const settled = expect(done).rejects.toThrow('stream broke');
    await vi.advanceTimersByTimeAsync(5_000);
    await settled;
    expect(vi.getTimerCount()).toBe(0);
  });
});
