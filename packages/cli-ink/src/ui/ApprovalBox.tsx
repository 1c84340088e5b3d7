import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { tone } from './tone.js';
import { wrapCommand } from './wrap-command.js';

export interface ApprovalBoxProps {
  projectName: string;
  region: string;
  instruction: string;
  command: string;
  color: boolean;
  width: number;
  /** Only the instruction and the command when the terminal is short. */
  compact?: boolean;
}

/**
 * The emphasised box shown while a person must act: the instruction, then the exact command. It sits outside the
 * project's frame and has no side borders, and the command is broken with ` \` continuations, so that selecting
 * the lines and pasting them into a shell runs the command as it is.
 */
export function ApprovalBox(props: ApprovalBoxProps): ReactElement {
  const t = tone(props.color);
  return (
    <Box
      flexDirection="column"
      width={props.width}
      borderStyle="double"
      borderLeft={false}
      borderRight={false}
      {...t.border('yellow')}
    >
      <Text {...t.fg('yellow')} {...t.bold()}>
        ACTION REQUIRED ({props.projectName}, {props.region}): {props.instruction}
      </Text>
      {!props.compact && <Text>Run this; atlas-cmk continues once Atlas sees the approval.</Text>}
      <Box flexDirection="column" marginTop={props.compact ? 0 : 1}>
        {wrapCommand(props.command, props.width).map((line, i) => (
          <Text key={i} {...t.fg('cyan')}>
            {line}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
