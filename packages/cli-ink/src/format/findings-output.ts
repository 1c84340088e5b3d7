import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ToolError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint, type Paint } from '../color.js';
import { describeWriteError, writePrivateFile } from '../write-private-file.js';
import type { FindingsReport } from './findings.js';
import { formatFindingsGithub } from './findings-github.js';
import { formatFindingsJson } from './findings-json.js';
import { formatFindingsSarif } from './findings-sarif.js';
import { formatFindingsText } from './findings-text.js';

/** The output formats of a findings report (check, preflight, plan --findings-format). */
export const FINDINGS_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

/**
 * The report in `format`, for standard output or a file. `github` gives the workflow annotations and appends every
 * finding to `$GITHUB_STEP_SUMMARY` when it is set; a summary that cannot be written is a {@link ToolError} with
 * `toolErrorExit`.
 */
export function findingsOutput(
  format: FindingsFormat,
  report: FindingsReport,
  options: { paint: Paint; env: NodeJS.ProcessEnv; toolErrorExit: number },
): string {
  switch (format) {
    case 'text':
      return formatFindingsText(report, options.paint);
    case 'json':
      return formatFindingsJson(report);
    case 'sarif':
      return formatFindingsSarif(report);
    case 'github': {
      const gh = formatFindingsGithub(report);
      const summaryFile = options.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) {
        try {
          writeFileSync(summaryFile, gh.summary, { flag: 'a' });
        } catch (error) {
          throw new ToolError(
            `cannot append the job summary to GITHUB_STEP_SUMMARY (${summaryFile}): ${(error as Error).message}`,
            options.toolErrorExit,
            { cause: error },
          );
        }
      }
      return gh.stdout;
    }
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}

/**
 * Print the report in `format` on standard output (coloured when it is a terminal), or write it to `output`
 * (relative to the working directory; atomic, owner-only, never through a symbolic link, without colour).
 */
export function emitFindings(
  format: FindingsFormat,
  report: FindingsReport,
  options: { io: CliIo; output: string | undefined; toolErrorExit: number },
): void {
  const { io, output, toolErrorExit } = options;
  const paint = makePaint(output ? false : colorEnabled(io.env, io.stdout.isTTY === true));
  const out = findingsOutput(format, report, { paint, env: io.env, toolErrorExit });
  if (!output) {
    io.stdout.write(out);
    return;
  }
  try {
    writePrivateFile(resolve(io.cwd, output), out);
  } catch (error) {
    throw new ToolError(`cannot write ${output}: ${describeWriteError(error)}`, toolErrorExit, { cause: error });
  }
}
