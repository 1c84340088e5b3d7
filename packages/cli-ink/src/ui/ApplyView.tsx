import { Box, Static, useStdout } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';
import { distinguishingIds } from './project-labels.js';
import { ProjectPanel } from './ProjectPanel.js';
import { hasActiveStep, viewNow } from './run-selectors.js';
import type { ProjectView, RunState } from './run-view-types.js';
import { Summary } from './Summary.js';
import { estimateLiveHeight } from './view-height.js';

const MAX_WIDTH = 120;

export interface ApplyViewProps {
  state: RunState;
  color: boolean;
  /** The clock; tests pass a fixed one. */
  now?: () => number;
  /** The terminal's height; defaults to the stdout's `rows` (unknown: never compact). */
  rows?: number;
  /** The terminal's width; defaults to the stdout's `columns` (unknown: 80). */
  columns?: number;
  /** Ctrl-C was pressed and the run is stopping: the footer says so until the run has finished. */
  stopping?: boolean;
}

/**
 * The live apply view: one panel per project and a summary. A project whose steps have all ended moves into
 * `<Static>` (written once, then left alone in the scrollback); the rest is redrawn when an event changes the state
 * and, while a step runs, once a second so elapsed times and spinners move: nothing else redraws it, so a long
 * wait costs one small frame a second.
 */
export function ApplyView({
  state,
  color,
  now = Date.now,
  rows,
  columns,
  stopping = false,
}: ApplyViewProps): ReactElement {
  const [, setTick] = useState(0);
  const { stdout } = useStdout();
  // Panels take the terminal's width (at most MAX_WIDTH), also inside <Static>, which does not constrain it.
  const width = Math.min(MAX_WIDTH, columns ?? (stdout.columns > 0 ? stdout.columns : 80));
  const height = rows ?? (stdout.rows > 0 ? stdout.rows : Infinity);
  // Ink redraws the whole screen once the live part is as tall as the terminal: fold finished rows before that.
  const compact = estimateLiveHeight(state, width, false) >= height;
  const ticking = hasActiveStep(state);
  useEffect(() => {
    if (!ticking) return undefined;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [ticking]);

  const at = viewNow(state, now());
  const live = state.finished === undefined;
  const completed = state.completed
    .map((id) => state.projects.find((p) => p.projectId === id))
    .filter((p): p is ProjectView => p !== undefined);
  const labels = distinguishingIds(state.projects.map((p) => p.projectId));
  const label = (p: ProjectView): string => labels.get(p.projectId) ?? p.projectId;
  const running = state.projects.filter((p) => !state.completed.includes(p.projectId));
  return (
    <Box flexDirection="column">
      <Static items={completed}>
        {(project) => (
          <ProjectPanel
            key={project.projectId}
            project={project}
            idLabel={label(project)}
            now={at}
            color={color}
            live={false}
            width={width}
          />
        )}
      </Static>
      {running.map((project) => (
        <ProjectPanel
          key={project.projectId}
          project={project}
          idLabel={label(project)}
          now={at}
          color={color}
          live={live}
          width={width}
          compact={compact}
        />
      ))}
      <Summary state={state} now={at} color={color} stopping={stopping} />
    </Box>
  );
}
