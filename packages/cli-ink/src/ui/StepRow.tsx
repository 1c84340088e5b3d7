import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import { formatDuration } from './format-time.js';
import { GAP, SYMBOL_WIDTH, TIME_WIDTH, type RowLayout } from './row-layout.js';
import { isActive, stepElapsedMs } from './run-selectors.js';
import type { StepState, StepView } from './run-view-types.js';
import { Spinner } from './Spinner.js';
import { statusColor, tone } from './tone.js';

export interface StepRowProps {
  step: StepView;
  /** The target as shown (`project` for steps on the project itself). */
  target: string;
  now: number;
  color: boolean;
  layout: RowLayout;
  /** Errors take one line each for message and hint (a short terminal). */
  compact?: boolean;
  /** False once the run has ended: steps left running show as stopped instead of spinning. */
  live: boolean;
}

/** Shown instead of a spinner for a step that was under way when the run was interrupted. */
export const STOPPED_SYMBOL = '■';

/** The state symbols; a running or waiting step shows a spinner instead while the run is live. */
export const STATE_SYMBOL: Record<StepState, string> = {
  pending: '○',
  running: '…',
  waiting: '…',
  actionRequired: '●',
  succeeded: '✓',
  failed: '✗',
  skipped: '↷',
};

const SYMBOL_COLOR: Record<StepState, string> = {
  pending: 'gray',
  running: 'cyan',
  waiting: 'cyan',
  actionRequired: 'yellow',
  succeeded: 'green',
  failed: 'red',
  skipped: 'gray',
};

/**
 * One step on one line: symbol, what it does (its success message once done), the target and the elapsed time, each
 * cut to its column (see {@link RowLayout}). Below it, while relevant: the status of the wait's last poll and how
 * long Atlas has reported it, that a person must act, that the run stopped, the last retry, why it was skipped, or
 * the error and what to do. The approval itself is drawn by the project panel, outside the frame, so the command
 * can be copied.
 */
function StepRowView({ step, target, now, color, layout, live, compact = false }: StepRowProps): ReactElement {
  const t = tone(color);
  const elapsed = stepElapsedMs(step, now);
  const spinning = live && (step.state === 'running' || step.state === 'waiting');
  // The run ended (interrupted) while this step was under way: it neither spins nor counts any more.
  const stopped = !live && isActive(step);
  const label = step.state === 'succeeded' && step.message ? step.message : step.description;
  const sub = layout.inner - 4;
  const waitShown = step.wait && (step.state === 'waiting' || step.state === 'actionRequired');
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={SYMBOL_WIDTH} flexShrink={0}>
          {spinning ? (
            <Spinner now={now} {...t.fg('cyan')} />
          ) : stopped ? (
            <Text {...t.fg('yellow')}>{STOPPED_SYMBOL}</Text>
          ) : (
            <Text {...t.fg(SYMBOL_COLOR[step.state])}>{STATE_SYMBOL[step.state]}</Text>
          )}
        </Box>
        <Box width={layout.description} marginRight={GAP} flexShrink={0}>
          <Text wrap="truncate-end" {...(step.state === 'pending' || step.state === 'skipped' ? t.dim() : {})}>
            {label}
          </Text>
        </Box>
        <Box width={layout.target} marginRight={GAP} flexShrink={0}>
          <Text wrap="truncate-end" {...t.dim()}>
            {target}
          </Text>
        </Box>
        {elapsed !== undefined && !stopped && (
          <Box width={TIME_WIDTH} flexShrink={0}>
            <Text wrap="truncate-end" {...(isActive(step) ? {} : t.dim())}>
              {isActive(step) ? `[${formatDuration(elapsed)}]` : formatDuration(elapsed)}
            </Text>
          </Box>
        )}
      </Box>
      {stopped && (
        <Box marginLeft={4} width={sub}>
          <Text wrap="truncate-end" {...t.fg('yellow')}>
            stopped after {formatDuration(elapsed ?? 0)}
            {step.wait ? `; last poll: ${step.wait.observed}` : ''}
          </Text>
        </Box>
      )}
      {step.wait && waitShown && !stopped && (
        <Box marginLeft={4} width={sub}>
          <Text wrap="truncate-end">
            <Text {...t.fg(statusColor(step.wait.observed))}>{step.wait.observed}</Text>
            {` for ${formatDuration(now - step.wait.since)} → waiting for ${step.wait.until}`}
          </Text>
        </Box>
      )}
      {step.state === 'actionRequired' && live && (
        <Box marginLeft={4} width={sub}>
          <Text wrap="truncate-end" {...t.fg('yellow')}>
            waiting for you: see below
          </Text>
        </Box>
      )}
      {isActive(step) && !stopped && step.lastRetry && (
        <Box marginLeft={4} width={sub}>
          <Text {...t.fg('yellow')} wrap="truncate-end">
            retry {step.lastRetry.attempt}: {step.lastRetry.reason}
          </Text>
        </Box>
      )}
      {step.state === 'skipped' && step.skipReason && (
        <Box marginLeft={4} width={sub}>
          <Text wrap="truncate-end" {...t.dim()}>
            skipped: {step.skipReason}
          </Text>
        </Box>
      )}
      {step.state === 'failed' && step.error && (
        <ErrorLines error={step.error} color={color} compact={compact} width={sub} />
      )}
    </Box>
  );
}

/** True when a row shows times that move with the clock: a step that started and has not ended. */
function movesWithClock(step: StepView): boolean {
  return step.startedAt !== undefined && step.elapsedMs === undefined;
}

/**
 * {@link StepRowView}, drawn again only when what it shows can have changed: its step (the reducer returns a new
 * object for every change), its layout, or, for a row whose times move, the clock. A waiting view's once-a-second
 * tick then redraws only the rows under way.
 */
export const StepRow = memo(
  StepRowView,
  (a, b) =>
    a.step === b.step &&
    a.target === b.target &&
    a.color === b.color &&
    a.live === b.live &&
    a.compact === b.compact &&
    a.layout.inner === b.layout.inner &&
    a.layout.description === b.layout.description &&
    a.layout.target === b.layout.target &&
    (a.now === b.now || !movesWithClock(a.step)),
);

function ErrorLines(props: {
  error: NonNullable<StepView['error']>;
  color: boolean;
  compact: boolean;
  width: number;
}): ReactElement {
  const { error } = props;
  const t = tone(props.color);
  const codes = [error.errorCode, error.status === undefined ? undefined : `HTTP ${error.status}`].filter(
    (c) => c !== undefined,
  );
  const wrap = props.compact ? 'truncate-end' : 'wrap';
  return (
    <Box flexDirection="column" marginLeft={4} width={props.width}>
      <Text {...t.fg('red')} wrap={wrap}>
        {error.message}
        {codes.length > 0 ? ` (${codes.join(', ')})` : ''}
      </Text>
      {error.hint && <Text wrap={wrap}>What to do: {error.hint}</Text>}
    </Box>
  );
}
