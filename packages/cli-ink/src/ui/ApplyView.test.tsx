import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApplyView } from './ApplyView.js';
import { initialRunState, reduceRun } from './run-state.js';
import type { RunState } from './run-view-types.js';
import { APPROVE_COMMAND, scriptedRun } from './scripted-run.js';
import { SPINNER_FRAMES } from './Spinner.js';
import { INTERRUPT_NOTICE } from './interrupt-notice.js';

// chalk decides its colour level when first imported; force it on so that the colour tests below can tell whether
// the view itself keeps colour out when it is off.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const BASE = Date.parse('2026-11-28T10:00:00.000Z');
const SCRIPT = scriptedRun(BASE);
// Built from a string: a control character in a regex literal reads like a mistake.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);

function stateAt(untilMs: number): RunState {
  return SCRIPT.filter((e) => e.offsetMs <= untilMs).reduce((s, e) => reduceRun(s, e.event), initialRunState());
}

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const app of mounted.splice(0)) app.unmount();
});

/** The frame for the state at `untilMs`, seen `lookMs` later, without colour unless asked. */
function frameAt(untilMs: number, lookMs = 1_000, color = false): string {
  const app = render(<ApplyView state={stateAt(untilMs)} color={color} now={() => BASE + untilMs + lookMs} />);
  mounted.push(app);
  return app.lastFrame() ?? '';
}

/** The text of the row of a step, found by its description. */
function row(frame: string, text: string): string {
  return frame.split('\n').find((l) => l.includes(text)) ?? `(no row with "${text}")`;
}

describe('ApplyView', () => {
  it('shows a titled panel per project with one row per step and its state symbol', () => {
    const frame = frameAt(3_800);
    expect(frame).toContain('payments-prod (66c9…20e9)');
    expect(frame).toContain('analytics (671a…9d0e)');
    expect(row(frame, 'CMK enabled on the project')).toMatch(/│ ✓ CMK enabled on the project\s+project\s+1s/);
    expect(row(frame, 'Approve endpoint US_CENTRAL')).toMatch(
      /│ ○ Approve endpoint US_CENTRAL in Azure\s+US_CENTRAL\s+│/,
    );
    const creating = row(frame, 'Create endpoint EUROPE_NORTH');
    expect(SPINNER_FRAMES).toContain(creating.slice(2, 3));
    expect(creating).toMatch(/EUROPE_NORTH\s+\[1s\]/);
    expect(frame).toContain('retry 2: HTTP 503 from Atlas');
    expect(frame).toContain('4/14 steps done · 3 in progress [4s]');
  });

  it('shows elapsed time and the Atlas status of waits, and each endpoint region', () => {
    const frame = frameAt(8_000, 4_000);
    expect(row(frame, 'Wait for endpoint US_EAST_2')).toMatch(/US_EAST_2\s+\[8s\]/);
    // The status of the last poll and how long Atlas has reported it, in the wait's line and the endpoint's row.
    expect(frame).toContain('PENDING_ACCEPTANCE for 4s → waiting for ACTIVE');
    expect(row(frame, 'Endpoint US_CENTRAL ')).toMatch(/│ Endpoint US_CENTRAL\s+INITIATING for 6s\s+│/);
    expect(row(frame, 'Endpoint EUROPE_NORTH ')).toMatch(/│ Endpoint EUROPE_NORTH\s+INITIATING for 5s\s+│/);
    expect(row(frame, 'Endpoint US_EAST_2 ')).toMatch(/│ Endpoint US_EAST_2\s+PENDING_ACCEPTANCE for 4s\s+│/);
    // What a wait waits for belongs to the wait's line, never to an endpoint's status.
    expect(frame).toContain('INITIATING for 6s → waiting for PENDING_ACCEPTANCE or ACTIVE');
    expect(frame.split('\n').filter((l) => l.includes('│ Endpoint ') && l.includes(' or '))).toEqual([]);
  });

  it('emphasises a manual approval with the instruction and a command that pastes as one', () => {
    const frame = frameAt(9_200);
    expect(row(frame, 'Approve endpoint US_CENTRAL')).toMatch(
      /● Approve endpoint US_CENTRAL in Azure\s+US_CENTRAL\s+\[1s\]/,
    );
    expect(frame).toContain('    waiting for you: see below');
    expect(frame).toContain(
      'ACTION REQUIRED (payments-prod, US_CENTRAL): Approve the private endpoint connection of kv-payments',
    );
    const lines = frame.split('\n');
    const first = lines.findIndex((l) => l.startsWith('az keyvault private-endpoint-connection approve'));
    const commandLines = lines.slice(first, first + 3);
    // Outside any frame: no border characters to copy along, and continuations join into the exact command.
    expect(commandLines.every((l) => !l.includes('│'))).toBe(true);
    expect(commandLines.map((l) => l.replace(/ \\$/, '').trim()).join(' ')).toBe(APPROVE_COMMAND);
    expect(frame).toContain('1 waiting for you');
  });

  it('shows a failure with its error code and what to do, and why dependents were skipped', () => {
    const frame = frameAt(12_000);
    expect(row(frame, 'Enable CMK on cluster events')).toContain('✗ Enable CMK on cluster events');
    expect(frame).toContain('Atlas refused to enable CMK on cluster events (INSUFFICIENT_INSTANCE_SIZE, HTTP 400)');
    expect(frame).toContain('What to do: Scale cluster events to M10 or larger');
    expect(row(frame, 'Wait for cluster events')).toContain('↷ Wait for cluster events to be IDLE');
    expect(frame).toContain('skipped: Enable CMK on cluster events failed');
  });

  it('ends with the summary and the next step, nothing spinning and times frozen', () => {
    const frame = frameAt(Infinity, 60_000);
    expect(frame).toContain('Apply failed: 1 failed, 1 skipped (12 succeeded, 29s)');
    expect(frame).toContain('Scale cluster events to M10 or larger, then run atlas-cmk apply again.');
    expect(row(frame, 'Endpoint US_CENTRAL approved')).toMatch(/✓ Endpoint US_CENTRAL approved\s+US_CENTRAL\s+11s/);
    expect(row(frame, 'Endpoint US_CENTRAL ')).toMatch(/│ Endpoint US_CENTRAL\s+ACTIVE for 2s\s+│/);
    expect(row(frame, 'Endpoint EUROPE_NORTH ')).toMatch(/│ Endpoint EUROPE_NORTH\s+ACTIVE for 7s\s+│/);
    expect(frame).not.toContain('ACTION REQUIRED');
    expect(SPINNER_FRAMES.some((f) => frame.includes(f))).toBe(false);
  });

  it('says when everything converged', () => {
    const converged = reduceRun(stateAt(0), {
      kind: 'run.finished',
      at: new Date(BASE + 123_000).toISOString(),
      outcome: 'converged',
      elapsedMs: 123_000,
      counts: { succeeded: 12, failed: 0, skipped: 0, pending: 0 },
    });
    const app = render(<ApplyView state={converged} color={false} now={() => BASE} />);
    mounted.push(app);
    expect(app.lastFrame()).toContain('Apply complete: 12 steps succeeded in 2m03s');
  });

  it('draws no colour codes when colour is off, and colours states when it is on', () => {
    expect(frameAt(12_000, 1_000, false)).not.toMatch(SGR);
    const coloured = frameAt(12_000, 1_000, true);
    expect(coloured).toMatch(SGR);
    expect(coloured).toContain('\u001b[32m✓');
    expect(coloured).toContain('\u001b[31m✗');
  });

  it('redraws elapsed times every second while a step runs', async () => {
    vi.useFakeTimers();
    try {
      let now = BASE + 8_000;
      const app = render(<ApplyView state={stateAt(8_000)} color={false} now={() => now} />);
      mounted.push(app);
      expect(row(app.lastFrame() ?? '', 'Wait for endpoint US_EAST_2')).toContain('[4s]');
      now += 3_000;
      await vi.advanceTimersByTimeAsync(3_000);
      expect(row(app.lastFrame() ?? '', 'Wait for endpoint US_EAST_2')).toContain('[7s]');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ApplyView after an interruption', () => {
  it('shows steps that were under way as stopped, with the last status seen, and no approval box', () => {
    const interrupted = reduceRun(stateAt(9_200), {
      kind: 'run.finished',
      at: new Date(BASE + 10_000).toISOString(),
      outcome: 'interrupted',
      elapsedMs: 10_000,
      counts: { succeeded: 7, failed: 0, skipped: 0, pending: 7 },
    });
    const app = render(<ApplyView state={interrupted} color={false} now={() => BASE + 50_000} />);
    mounted.push(app);
    const frame = app.lastFrame() ?? '';
    expect(row(frame, 'Wait for endpoint EUROPE_NORTH')).toMatch(
      /■ Wait for endpoint EUROPE_NORTH to be ACTIVE\s+EUROPE_NORTH\s+│/,
    );
    expect(frame).toContain('stopped after 3s; last poll: INITIATING');
    expect(row(frame, 'Approve endpoint US_CENTRAL')).toContain('■ Approve endpoint US_CENTRAL in Azure');
    expect(frame).not.toContain('ACTION REQUIRED');
    expect(frame).toContain('Apply interrupted: 7 succeeded, 7 not done (10s)');
    expect(frame).toContain('Run atlas-cmk apply again to continue from the live state.');
    expect(SPINNER_FRAMES.some((f) => frame.includes(f))).toBe(false);
  });
});

describe('ApplyView on a short terminal', () => {
  it('folds succeeded and pending steps so the live part stays below the terminal height', () => {
    const app = render(<ApplyView state={stateAt(9_200)} color={false} rows={24} now={() => BASE + 10_000} />);
    mounted.push(app);
    const frame = app.lastFrame() ?? '';
    expect(frame.split('\n').length).toBeLessThan(24);
    expect(frame).toContain('✓ 5 steps succeeded');
    expect(frame).toContain('○ 2 more steps pending');
    expect(frame).not.toContain('Endpoints:');
    expect(frame).toContain('INITIATING for 3s → waiting for ACTIVE');
    const lines = frame.split('\n');
    const first = lines.findIndex((l) => l.startsWith('az keyvault'));
    expect(
      lines
        .slice(first, first + 3)
        .map((l) => l.replace(/ \\$/, '').trim())
        .join(' '),
    ).toBe(APPROVE_COMMAND);
  });

  it('keeps the full layout when the terminal is tall enough', () => {
    const app = render(<ApplyView state={stateAt(9_200)} color={false} rows={60} now={() => BASE + 10_000} />);
    mounted.push(app);
    expect(app.lastFrame()).toContain('✓ CMK enabled on the project');
    expect(app.lastFrame()).not.toContain('steps succeeded');
  });

  it('leaves no border or padding of the full layout behind when it switches to compact', () => {
    const app = render(<ApplyView state={stateAt(9_000)} color={false} rows={60} now={() => BASE + 9_500} />);
    mounted.push(app);
    app.rerender(<ApplyView state={stateAt(9_200)} color={false} rows={24} now={() => BASE + 10_000} />);
    const lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.find((l) => l.includes('payments-prod (66c9…20e9)'))).toMatch(/^payments-prod/);
    expect(lines.find((l) => l.includes('2 more steps pending'))).toMatch(/^○/);
    expect(lines.some((l) => l.startsWith('│'))).toBe(false);
  });
});

describe('ApplyView at 80 columns', () => {
  /** The state at `untilMs` with a long project name and a long cluster name, as users have. */
  function longNames(untilMs: number): RunState {
    const s = stateAt(untilMs);
    return {
      ...s,
      projects: s.projects.map((p) => ({
        ...p,
        name: `${p.name}-with-a-very-long-name-that-a-platform-team-chose-for-its-own-reasons`,
        steps: p.steps.map((st) =>
          st.target === 'orders' ? { ...st, target: 'orders-eu-central-primary-replica-set-2026' } : st,
        ),
      })),
    };
  }

  it.each([3_800, 9_200, 13_000, Infinity])('keeps every line within 80 columns at %sms, columns apart', (until) => {
    const app = render(<ApplyView state={longNames(until)} color={false} columns={80} now={() => BASE + 30_000} />);
    mounted.push(app);
    const lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    // Inside a frame every line ends with its right border: a row that wrapped or overflowed would not.
    const framed = lines.filter((l) => l.startsWith('│'));
    expect(framed.length).toBeGreaterThan(0);
    expect(framed.filter((l) => !l.endsWith('│'))).toEqual([]);
    // A shortened name ends in an ellipsis and leaves a gap before the next column.
    expect(lines.filter((l) => /…\S/.test(l.replace(/[0-9a-f]…[0-9a-f]/g, '')))).toEqual([]);
  });

  it('shortens a long project name but keeps the id form that tells projects apart', () => {
    const app = render(<ApplyView state={longNames(3_800)} color={false} columns={80} now={() => BASE + 5_000} />);
    mounted.push(app);
    const title = row(app.lastFrame() ?? '', 'payments-prod');
    expect(title).toMatch(/^│ payments-prod-with-a-very-long-name-that-a-[a-z-]*… \(66c9…20e9\)\s+2\/9 steps done │$/);
    expect(app.lastFrame()).toContain('orders-eu-cent…');
  });
});

describe('ApplyView while Ctrl-C stops the run', () => {
  it('says in its footer that the run is stopping and what a second Ctrl-C does, until the run has finished', () => {
    const app = render(<ApplyView state={stateAt(9_200)} color={false} stopping now={() => BASE + 10_000} />);
    mounted.push(app);
    expect(app.lastFrame()?.replace(/\n/g, ' ')).toContain(INTERRUPT_NOTICE);
    expect(INTERRUPT_NOTICE).toContain('Ctrl-C again quits at once');
    const finished = reduceRun(stateAt(9_200), {
      kind: 'run.finished',
      at: new Date(BASE + 10_000).toISOString(),
      outcome: 'interrupted',
      elapsedMs: 10_000,
      counts: { succeeded: 7, failed: 0, skipped: 0, pending: 7 },
    });
    app.rerender(<ApplyView state={finished} color={false} stopping now={() => BASE + 10_000} />);
    expect(app.lastFrame()).not.toContain('Stopping:');
    expect(app.lastFrame()).toContain('Apply interrupted');
  });
});
