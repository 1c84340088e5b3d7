import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { ApprovalBox } from './ApprovalBox.js';
import { plural, shortProjectId } from './format-time.js';
import { displayTarget } from './run-selectors.js';
import { isTerminal } from './run-state.js';
import type { ProjectView } from './run-view-types.js';
import { StepRow, type RowLayout } from './StepRow.js';
import { statusColor, tone } from './tone.js';
import { compactGroups } from './view-height.js';

export interface ProjectPanelProps {
  project: ProjectView;
  now: number;
  color: boolean;
  live: boolean;
  width: number;
  /** Fold succeeded and pending steps into one row each and drop the endpoints line (a short terminal). */
  compact?: boolean;
}

const MAX_DESCRIPTION = 46;
const MAX_TARGET = 24;

/**
 * One project's box, titled `payments-prod (66c9…)`: how many steps are done, the current Atlas status of each
 * endpoint region, and one row per step in plan order; below the box, an approval box for every step that waits
 * for a person. The border turns red on a failure and yellow while a person must act.
 */
export function ProjectPanel({ project, now, color, live, width, compact = false }: ProjectPanelProps): ReactElement {
  const t = tone(color);
  const done = project.steps.filter((s) => isTerminal(s.state)).length;
  const failed = project.steps.some((s) => s.state === 'failed');
  // Once the run has ended nobody is waited for any more: a re-run asks again.
  const approvals = live ? project.steps.filter((s) => s.state === 'actionRequired' && s.action) : [];
  const border = failed ? 'red' : approvals.length > 0 ? 'yellow' : done === project.steps.length ? 'green' : 'gray';
  const groups = compactGroups(project);
  const target = Math.min(MAX_TARGET, Math.max(0, ...project.steps.map((s) => displayTarget(project, s).length)));
  // Descriptions use the room a wide terminal offers (border, symbol, target and time columns take ~22 cells).
  const layout: RowLayout = {
    description: Math.min(
      Math.max(MAX_DESCRIPTION, width - target - 22),
      Math.max(0, ...project.steps.map((s) => Math.max(s.description.length, s.message?.length ?? 0))),
    ),
    target,
  };
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
        <Box justifyContent="space-between">
          <Text>
            <Text {...t.bold()}>{project.name}</Text> ({shortProjectId(project.projectId)})
          </Text>
          <Text {...t.dim()}>
            {done}/{project.steps.length} steps done
          </Text>
        </Box>
        {!compact && project.endpoints.length > 0 && (
          <Text>
            Endpoints:{' '}
            {project.endpoints.map((e, i) => (
              <Text key={e.region}>
                {i > 0 ? ' · ' : ''}
                {e.region} <Text {...t.fg(statusColor(e.status))}>{e.status}</Text>
              </Text>
            ))}
          </Text>
        )}
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
