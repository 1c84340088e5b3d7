import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { formatDuration } from './format-time.js';
import { runProgress } from './run-selectors.js';
import type { RunState } from './run-view-types.js';
import { summaryText } from './summary-text.js';
import { tone } from './tone.js';
import { INTERRUPT_NOTICE } from './interrupt-notice.js';

/**
 * The last lines of the view: while the run goes, a progress line (steps done, in progress, waiting for a person,
 * total time); once it has finished, the outcome and the next step.
 */
export function Summary(props: { state: RunState; now: number; color: boolean; stopping: boolean }): ReactElement {
  const { state, now, color } = props;
  const t = tone(color);
  if (state.finished) {
    const text = summaryText(state.finished);
    const fg = text.outcome === 'converged' ? 'green' : text.outcome === 'failed' ? 'red' : 'yellow';
    return (
      <Box flexDirection="column" marginTop={1}>
        <Text {...t.fg(fg)} {...t.bold()}>
          {text.headline}
        </Text>
        {text.next && <Text>{text.next}</Text>}
      </Box>
    );
  }
  if (props.stopping)
    return (
      <Text {...t.fg('yellow')} wrap="wrap">
        {INTERRUPT_NOTICE}
      </Text>
    );
  if (state.startedAt === undefined) return <Text {...t.dim()}>Starting apply…</Text>;
  const p = runProgress(state);
  const parts = [`${p.done}/${p.total} steps done`, `${p.active - p.actionRequired} in progress`];
  if (p.actionRequired > 0) parts.push(`${p.actionRequired} waiting for you`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  return (
    <Text>
      {parts.join(' · ')} <Text {...t.dim()}>[{formatDuration(now - state.startedAt)}]</Text>
    </Text>
  );
}
