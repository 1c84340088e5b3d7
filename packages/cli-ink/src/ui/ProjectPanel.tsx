import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { ApprovalBox } from './ApprovalBox.js';
import { formatDuration, plural } from './format-time.js';
import { displayTarget } from './run-selectors.js';
import { isTerminal } from './run-state.js';
import type { ProjectView } from './run-view-types.js';
import { panelInner, rowLayout } from './row-layout.js';
import { StepRow } from './StepRow.js';
import { statusColor, tone } from './tone.js';
import { compactGroups } from './view-height.js';

export interface ProjectPanelProps {
  project: ProjectView;
  /** The project id as shown: a short form that no other project of the run shares (see `distinguishingIds`). */
  idLabel: string;
  now: number;
  color: boolean;
  live: boolean;
  width: number;
  /** Fold succeeded and pending steps into one row each and drop the endpoints line (a short terminal). */
  compact?: boolean;
}

/**
 * One project's box, titled `payments-prod (66c9…20e9)`: how many steps are done, one row per endpoint region with
 * the status of its last poll and how long Atlas has reported it, and one row per step in plan order; below the
 * box, an approval box for every step that waits for a person. The border turns red on a failure and yellow while
 * a person must act. Nothing is wider than `width`: long names are shortened inside their column.
 */
export function ProjectPanel(props: ProjectPanelProps): ReactElement {
  const { project, idLabel, now, color, live, width, compact = false } = props;
  const t = tone(color);
  const done = project.steps.filter((s) => isTerminal(s.state)).length;
  const failed = project.steps.some((s) => s.state === 'failed');
  // Once the run has ended nobody is waited for any more: a re-run asks again.
  const approvals = live ? project.steps.filter((s) => s.state === 'actionRequired' && s.action) : [];
  const border = failed ? 'red' : approvals.length > 0 ? 'yellow' : done === project.steps.length ? 'green' : 'gray';
  const groups = compactGroups(project);
  const inner = panelInner(width, compact);
  const layout = rowLayout(project, inner);
  const regionWidth = Math.min(layout.target, Math.max(0, ...project.endpoints.map((e) => e.region.length)));
  return (
    <Box flexDirection="column" width={width}>
      {/* Ink keeps a border or padding that a re-render takes away, so each layout gets its own element. */}
      <Box
        key={compact ? 'compact' : 'full'}
        flexDirection="column"
        borderStyle="round"
        {...(compact ? { borderLeft: false, borderRight: false, borderBottom: false } : {})}
        paddingX={compact ? 0 : 1}
        {...t.border(border)}
      >
        <Box width={inner}>
          {/* The name gives way first; the id form that tells projects apart and the count stay whole. */}
          <Box flexShrink={1}>
            <Text wrap="truncate-end" {...t.bold()}>
              {project.name}
            </Text>
          </Box>
          <Box flexShrink={0} flexGrow={1} marginRight={1}>
            <Text> ({idLabel})</Text>
          </Box>
          <Box flexShrink={0}>
            <Text {...t.dim()}>
              {done}/{project.steps.length} steps done
            </Text>
          </Box>
        </Box>
        {!compact &&
          project.endpoints.map((e) => (
            <Box key={e.region} width={inner}>
              <Box width={9} flexShrink={0}>
                <Text>Endpoint</Text>
              </Box>
              <Box width={regionWidth} marginRight={2} flexShrink={0}>
                <Text wrap="truncate-end">{e.region}</Text>
              </Box>
              <Text wrap="truncate-end">
                <Text {...t.fg(statusColor(e.status))}>{e.status}</Text>
                <Text {...t.dim()}> for {formatDuration(now - e.since)}</Text>
              </Text>
            </Box>
          ))}
        {compact && groups.succeeded > 0 && (
          <Text>
            <Text {...t.fg('green')}>✓</Text> {plural(groups.succeeded, 'step')} succeeded
          </Text>
        )}
        {(compact ? groups.shown : project.steps).map((step) => (
          <StepRow
            key={step.id}
            step={step}
            target={displayTarget(project, step)}
            now={now}
            color={color}
            layout={layout}
            live={live}
            compact={compact}
          />
        ))}
        {compact && groups.pending > 0 && <Text {...t.dim()}>○ {plural(groups.pending, 'more step')} pending</Text>}
      </Box>
      {approvals.map((step) => (
        <ApprovalBox
          key={step.id}
          projectName={project.name}
          region={step.target}
          instruction={step.action?.instruction ?? ''}
          command={step.action?.command ?? ''}
          color={color}
          width={width}
          compact={compact}
        />
      ))}
    </Box>
  );
}
