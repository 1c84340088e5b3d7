import { compareDiagnostics, loadDesiredState, type LiveProjectState } from '@atlas-cmk/core';
import {
  atlasConfigFromEnv,
  createAtlasClient,
  isLiveReadFailure,
  readLiveState,
  type LiveReadFailure,
} from '@atlas-cmk/runner';
import { oneOf, parseCommandArgs } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint } from '../color.js';
import { formatFindingsText } from '../format/findings-text.js';
import { formatStatusJson } from '../format/status-json.js';
import type { StatusReport } from '../format/status-model.js';
import { projectStatus } from '../format/status-project.js';
import { formatStatusText } from '../format/status-text.js';
import { toolVersion } from '../version.js';

const FORMATS = ['text', 'json'] as const;

/** Live state of some projects: what could be read, and what could not (with a message saying what to check). */
export interface LiveProjects {
  states: LiveProjectState[];
  failures: LiveReadFailure[];
  warnings: string[];
}

/**
 * Read the live state of projects with the Atlas credentials of the environment: four GET requests per project,
 * plus the probe that reveals an inactive project (a DELETE of an endpoint id that cannot exist: it changes
 * nothing, see probeProjectActive). A configuration problem (no credentials, a bad base URL) is a `ToolError` (exit 1); a project
 * that cannot be read is a failure value, so the others are still shown.
 */
export async function readLiveProjects(projectIds: readonly string[], env: NodeJS.ProcessEnv): Promise<LiveProjects> {
  const config = atlasConfigFromEnv(env);
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  const client = createAtlasClient(config.config);
  const read = await readLiveState(client, projectIds, { probeActive: true });
  const states: LiveProjectState[] = [];
  const failures: LiveReadFailure[] = [];
  for (const id of new Set(projectIds)) {
    const state = read.get(id);
    if (state === undefined) continue;
    if (isLiveReadFailure(state)) failures.push(state);
    else states.push(state);
  }
  return { states, failures, warnings: config.warnings };
}

/** `--project ID`: a 24-digit hexadecimal Atlas project id. */
export function parseProjectIds(values: readonly string[] | undefined, command: string): string[] {
  const ids = values ?? [];
  for (const id of ids) {
    if (!/^[0-9a-f]{24}$/i.test(id))
      throw new UsageError(
        `--project takes an Atlas project id (24 hexadecimal characters); got "${id}".`,
        `Run 'atlas-cmk ${command} --help' for the options.`,
      );
  }
  return ids.map((id) => id.toLowerCase());
}

/**
 * `atlas-cmk status PATH… | --project ID`: the live encryption configuration of each project, every endpoint
 * with its status and next action, and the clusters with their CMK state. Changes nothing. Exit 0 when every
 * project was read, 1 on any error (invalid files, credentials, an unknown project) or an inactive project
 * (`cmk/project-active`).
 */
export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', argv, {
    project: { type: 'string', multiple: true },
    format: { type: 'string' },
  });
  const format = oneOf('format', values.format, FORMATS, 'text');
  const projectIds = parseProjectIds(values.project, 'status');
  if (positionals.length > 0 && projectIds.length > 0)
    throw new UsageError('status takes PATH… or --project ID, not both.', "Run 'atlas-cmk status --help'.");
  if (positionals.length === 0 && projectIds.length === 0)
    throw new UsageError(
      'status needs PATH… (desired-state files, folders or globs) or --project ID.',
      'Example: atlas-cmk status atlas/   or   atlas-cmk status --project 66c9e8f1dd6c9960802420e9',
    );

  const documents = new Map<string, { name: string; file: string }>();
  if (positionals.length > 0) {
    const loaded = await loadDesiredState(positionals, { cwd: io.cwd });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').sort(compareDiagnostics);
    if (errors.length > 0) {
      io.stderr.write('atlas-cmk: status cannot read the projects from these files:\n\n');
      const paint = makePaint(colorEnabled(io.env, io.stderr.isTTY === true));
      const report = { findings: errors, rules: [], files: loaded.files, toolVersion: toolVersion() };
      io.stderr.write(formatFindingsText({ ...report, counts: { pass: 0, fail: 0, skip: 0, waived: 0 } }, paint));
      return 1;
    }
    for (const d of loaded.documents)
      documents.set(d.project.spec.projectId, { name: d.project.metadata.name, file: d.file });
    if (documents.size === 0) throw new ToolError('status found no desired-state document in the given paths.', 1);
  }

  const ids = projectIds.length > 0 ? projectIds : [...documents.keys()];
  const live = await readLiveProjects(ids, io.env);
  for (const w of live.warnings) io.stderr.write(`atlas-cmk: warning: ${w}\n`);
  const report: StatusReport = {
    formatVersion: 1,
    projects: live.states.map((s) => projectStatus(s, documents.get(s.projectId) ?? null)),
    failures: live.failures.map((f) => ({ projectId: f.projectId, reason: f.reason, message: f.message })),
  };
  switch (format) {
    case 'text':
      io.stdout.write(formatStatusText(report, makePaint(colorEnabled(io.env, io.stdout.isTTY === true))));
      break;
    case 'json':
      io.stdout.write(formatStatusJson(report));
      break;
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
  for (const f of report.failures) io.stderr.write(`atlas-cmk: ${f.message}\n`);
  const inactive = live.states.filter((s) => s.organizationInactive === true);
  for (const s of inactive)
    io.stderr.write(
      `atlas-cmk: cmk/project-active: project ${s.projectId} is inactive (Atlas refuses its writes with INACTIVE_ORG); reactivate its organization before plan or apply.\n`,
    );
  return report.failures.length > 0 || inactive.length > 0 ? 1 : 0;
}
