import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ApplyView } from './ApplyView.js';
import { initialRunState, reduceRun } from './run-state.js';
import type { RunState } from './run-view-types.js';
import { scriptedRun } from './scripted-run.js';
import { estimateLiveHeight } from './view-height.js';

const BASE = Date.parse('2026-11-28T10:00:00.000Z');
const SCRIPT = scriptedRun(BASE);

function stateAt(untilMs: number): RunState {
  return SCRIPT.filter((e) => e.offsetMs <= untilMs).reduce((s, e) => reduceRun(s, e.event), initialRunState());
}

/** Rendered rows of the view (the test terminal is 100 columns wide); no project has completed yet. */
function renderedRows(state: RunState, rows: number): number {
  const app = render(<ApplyView state={state} color={false} rows={rows} now={() => BASE + 11_000} />);
  const height = (app.lastFrame() ?? '').split('\n').length;
  app.unmount();
  return height;
}

describe('estimateLiveHeight', () => {
  // Before 12s no project has completed, so the frame is all live output and the estimate must match it.
  it.each([3_800, 6_000, 9_200, 11_000])('matches the rendered height at %dms, full and compact', (ms) => {
    const state = stateAt(ms);
    expect(estimateLiveHeight(state, 100, false)).toBe(renderedRows(state, 1_000));
    expect(estimateLiveHeight(state, 100, true)).toBe(renderedRows(state, 10));
  });

  it('leaves completed projects out: they are in the scrollback, not the live part', () => {
    const state = stateAt(12_000);
    expect(state.completed).toHaveLength(1);
    expect(estimateLiveHeight(state, 100, false)).toBeLessThan(estimateLiveHeight(stateAt(11_000), 100, false));
  });
});
