import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '@atlas-cmk/planner';
import { oneOf, parseCommandArgs } from '../args.js';
import { checkStickyKey, DEFAULT_STICKY_KEY, type DriftIssueAction } from '@atlas-cmk/runner';
import { UsageError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint } from '../color.js';
import { formatDiagnosticLines } from '../format/findings-text.js';
import { detectDrift } from '../services/detect-drift.js';
import { PLAN_OPTIONS, planSelection } from './plan.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

/**
 * `atlas-cmk drift PATH…`: read the live state and report every difference from the desired state, plus the
 * health problems no desired file states. Reads only. Exit 0 no drift, 2 drift, 1 error.
 */
export async function runDrift(argv: string[], io: CliIo): Promise<number> {
  const { policy, shard, parallelism } = PLAN_OPTIONS;
  const { values, positionals } = parseCommandArgs('drift', argv, {
    policy,
    shard,
    parallelism,
    format: { type: 'string' },
    'expiry-warning-days': { type: 'string' },
    key: { type: 'string' },
    'github-issue': { type: 'boolean' },
    'issue-author': { type: 'string' },
    'read-keys': { type: 'boolean' },
  });
  const format = oneOf('format', values.format, FORMATS, 'text');
  if (positionals.length === 0)
    throw new UsageError('drift needs at least one PATH (a file, folder or glob).', 'Example: atlas-cmk drift atlas/');
  const days = parseDays(values['expiry-warning-days']);
  const key = values.key ?? DEFAULT_STICKY_KEY;
  const keyProblem = checkStickyKey(key);
  if (keyProblem) throw new UsageError(`--key: ${keyProblem}.`);
  const detected = await detectDrift({
    ...planSelection(values, positionals, io),
    rotateSecret: new Set(),
    nowMs: Date.now(),
    readKeys: values['read-keys'] === true,
    ...(days !== undefined ? { expiryWarningDays: days } : {}),
  });
  const paint = makePaint(colorEnabled(io.env, io.stderr.isTTY === true));
  if (detected.kind === 'blocked') {
    io.stderr.write('atlas-cmk: drift cannot be judged; these problems stopped the plan:\n\n');
    io.stderr.write(`${formatDiagnosticLines(detected.diagnostics, paint).join('\n')}\n`);
    return 1;
  }
  for (const w of [...detected.prepared.configWarnings, ...detected.keyWarnings])
    io.stderr.write(`atlas-cmk: warning: ${w}\n`);
  const { report } = detected;
  switch (format) {
    case 'text':
      io.stdout.write(renderDriftText(report, { color: colorEnabled(io.env, io.stdout.isTTY === true) }));
      break;
    case 'json':
      io.stdout.write(renderDriftJson(report));
      break;
    case 'markdown':
      io.stdout.write(renderDriftMarkdown(report, { key }));
      break;
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
  if (values['github-issue']) {
    const { keepIssueFor } = await import('../services/keep-issue.js');
    const action = await keepIssueFor(report, {
      env: io.env,
      key,
      ...(values['issue-author'] ? { author: values['issue-author'] } : {}),
    });
    io.stderr.write(`atlas-cmk: ${issueLine(action)}\n`);
  }
  return report.summary.drifted > 0 ? 2 : 0;
}

function parseDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new UsageError(`--expiry-warning-days must be a whole number from 0 to 3650; got "${text}".`);
  return n;
}

function issueLine(action: DriftIssueAction): string {
  switch (action.kind) {
    case 'opened':
      return `opened drift issue #${action.number}: ${action.url}`;
    case 'updated':
      return `updated drift issue #${action.number}: ${action.url}`;
    case 'unchanged':
      return `drift issue #${action.number} is up to date: ${action.url}`;
    case 'closed':
      return `closed drift issue #${action.number}: the drift is gone.`;
    case 'none':
      return 'no drift and no open drift issue: nothing to do on GitHub.';
    default: {
      const never: never = action;
      return String(never);
    }
  }
}
