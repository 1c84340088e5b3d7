import { resolve } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { DestinationError, describeWriteError, writePrivateFile } from '../write-private-file.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { exportDocument } from '../format/status-export.js';
import { parseProjectIds, readLiveProjects } from './status.js';

/**
 * `atlas-cmk export --project ID [--out FILE] [--force] [--name NAME]`: write a desired-state document that
 * describes the live project as it is (so `check` passes and `plan` shows no changes). Standard output by
 * default; `--out` never overwrites a file unless `--force`. Exit 0 written, 1 on any error.
 */
export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, {
    project: { type: 'string', multiple: true },
    out: { type: 'string', short: 'o' },
    name: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new UsageError(`export takes no PATH; got "${positionals[0]}".`, "Run 'atlas-cmk export --help'.");
  const ids = parseProjectIds(values.project, 'export');
  if (ids.length !== 1)
    throw new UsageError(
      'export needs exactly one --project ID.',
      'Example: atlas-cmk export --project 66c9e8f1dd6c9960802420e9 --out payments-prod.yaml',
    );
  if (values.name !== undefined && values.name.trim() === '')
    throw new UsageError('--name must not be empty.', "Run 'atlas-cmk export --help'.");

  const live = await readLiveProjects(ids, io.env);
  for (const w of live.warnings) io.stderr.write(`atlas-cmk: warning: ${w}\n`);
  const failure = live.failures[0];
  if (failure) throw new ToolError(failure.message, 1, { cause: failure.error });
  const state = live.states[0];
  if (!state) throw new ToolError(`project ${ids[0]} returned no live state.`, 1);
  if (state.organizationInactive) {
    io.stderr.write(
      `atlas-cmk: warning: the organization of project ${state.projectId} is inactive (INACTIVE_ORG): Atlas refused some reads, so the document may be incomplete.\n`,
    );
  }
  const text = exportDocument(state, values.name === undefined ? {} : { name: values.name });

  if (values.out === undefined) {
    io.stdout.write(text);
    return 0;
  }
  try {
    writePrivateFile(resolve(io.cwd, values.out), text, { overwrite: values.force === true });
  } catch (error) {
    if (error instanceof DestinationError && error.reason === 'exists')
      throw new ToolError(`${values.out} already exists; add --force to overwrite it.`, 1, { cause: error });
    throw new ToolError(`cannot write ${values.out}: ${describeWriteError(error)}`, 1, { cause: error });
  }
  io.stderr.write(
    `Wrote ${values.out} (project ${state.project.name || state.projectId}). Check it with: atlas-cmk check ${values.out}\n`,
  );
  return 0;
}
