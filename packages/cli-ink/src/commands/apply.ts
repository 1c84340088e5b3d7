import { resolve } from 'node:path';
import { secretFileRoot } from '@atlas-cmk/core';
import { firstPlanDifference, renderText, type Plan } from '@atlas-cmk/planner';
import { findStaleProjects, type AtlasClient } from '@atlas-cmk/runner';
import { oneOf, parseCommandArgs, parseCount, parsePollInterval } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint } from '../color.js';
import { parseDuration } from '../duration.js';
import { formatDiagnosticLines } from '../format/findings-text.js';
import { confirmApply } from '../services/confirm.js';
import { executeWithView } from '../services/execute-with-view.js';
import type { SecretFilePolicy } from '../services/plan-secrets.js';
import { parsePreflightMode, planPreflight, PREFLIGHT_OPTIONS } from '../services/plan-preflight.js';
import { preparePlan } from '../services/prepare-plan.js';
import { planKey } from '../services/plan-signature.js';
import { readSavedPlan } from '../services/read-saved-plan.js';
import { handleInterrupts } from '../services/interrupts.js';
import { INTERRUPT_NOTICE } from '../ui/interrupt-notice.js';
import { chooseRenderer } from '../ui/select-renderer.js';
import { PLAN_OPTIONS, parseParallelism, parseRotateSecret, planSelection } from './plan.js';

const FORMATS = ['auto', 'plain', 'ndjson'] as const;

/**
 * Why a saved plan may not run, or `undefined`: a project whose live state changed (stale), else the first
 * place where the saved plan departs from the plan re-derived from its own desired state (altered).
 */
function refuseSaved(saved: Plan, derived: Plan): string[] | undefined {
  const live = new Map(derived.projects.map((p) => [p.projectId, p.fingerprint]));
  const stale = saved.projects.filter((p) => live.has(p.projectId) && live.get(p.projectId) !== p.fingerprint);
  if (stale.length > 0) {
    return [
      'the saved plan is stale.',
      ...stale.map(
        (p) =>
          `  Project ${p.projectId} changed since the plan was made (live fingerprint ${live.get(p.projectId)}, plan ${p.fingerprint}).`,
      ),
      'Run atlas-cmk plan again (with --out) and apply the new plan.',
    ];
  }
  const difference = firstPlanDifference(saved, derived);
  if (difference === undefined) return undefined;
  return [
    'it is not the plan its own desired state gives against the live state (was it edited?).',
    `  First difference${difference.projectId ? ` in project ${difference.projectId}` : ''}: ${difference.where}`,
    `    in the file:  ${difference.saved}`,
    `    re-derived:   ${difference.derived}`,
    'Run atlas-cmk plan again (with --out) from the reviewed desired-state files and apply the new plan.',
  ];
}

/**
 * `atlas-cmk apply PATH…` (plan, show, ask `yes`, apply) or `atlas-cmk apply --plan FILE` (apply a saved plan
 * without asking). A saved plan is never executed as written: its desired state is checked and planned again
 * against a fresh read of the live state, and the re-derived plan runs only when it equals the saved one in
 * canonical form (else refused: stale or altered). With PATH…, the Azure pre-flight checks run as in plan before
 * the plan is shown; a saved plan is not checked again (it ran them, or skipped them, when it was made and
 * reviewed). Exit 0 converged, 1 failed or refused.
 */
export async function runApply(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('apply', argv, {
    ...PLAN_OPTIONS,
    ...PREFLIGHT_OPTIONS,
    plan: { type: 'string' },
    'auto-approve': { type: 'boolean' },
    format: { type: 'string' },
    concurrency: { type: 'string' },
    'poll-interval': { type: 'string' },
    'endpoint-timeout': { type: 'string' },
    'approval-timeout': { type: 'string' },
    'cluster-timeout': { type: 'string' },
    'allow-secret-file': { type: 'string', multiple: true },
  });
  const format = oneOf('format', values.format, FORMATS, 'auto');
  if (values.plan && positionals.length > 0) throw new UsageError('give either PATH… or --plan FILE, not both.');
  if (!values.plan && positionals.length === 0)
    throw new UsageError('apply needs PATH… (desired-state files) or --plan FILE (a saved plan).');
  const preflightMode = parsePreflightMode(values);
  const parallelism = parseParallelism(values.parallelism);
  // Every option is checked before anything is read or changed, so a bad value costs nothing.
  const concurrency = parseCount('concurrency', values.concurrency, { min: 1, max: 64 }, parallelism);
  const endpointTimeout = parseDuration('endpoint-timeout', values['endpoint-timeout']);
  const approvalTimeout = parseDuration('approval-timeout', values['approval-timeout']);
  const clusterTimeout = parseDuration('cluster-timeout', values['cluster-timeout']);
  const pollInterval = parsePollInterval(values['poll-interval'], io.env);
  const renderer = chooseRenderer({ format, isTTY: io.stdout.isTTY === true, env: io.env });
  // In NDJSON mode stdout carries events only; everything for people goes to stderr.
  const human = renderer === 'ndjson' ? io.stderr : io.stdout;
  const color = colorEnabled(io.env, human.isTTY === true);

  const controller = new AbortController();
  // The live view says itself that the run is stopping; a line written beside it would stay behind on screen.
  let viewOnScreen = false;
  const removeHandlers = handleInterrupts(controller, () => {
    if (!viewOnScreen) io.stderr.write(`\natlas-cmk: interrupted. ${INTERRUPT_NOTICE}\n`);
  });
  try {
    let plan: Plan;
    let client: AtlasClient;
    let saved = false;
    const allowedFiles = (values['allow-secret-file'] ?? []).map((f) => resolve(io.cwd, f));
    let secretFiles: SecretFilePolicy = { allowedFiles };
    if (values.plan) {
      if (values.shard || values['rotate-secret'])
        throw new UsageError(
          '--shard and --rotate-secret belong to atlas-cmk plan; a saved plan is applied with the choices it was made with.',
        );
      // The Azure pre-flight checks belong to making the plan that was reviewed; a saved plan runs as reviewed.
      if (values.preflight || values['skip-preflight'])
        throw new UsageError(
          '--preflight and --skip-preflight belong to atlas-cmk plan: the Azure pre-flight checks ran (or were skipped) when the saved plan was made, and apply --plan runs that plan as reviewed.',
        );
      const savedPlan = await readSavedPlan(values.plan, io.cwd, planKey(io.env));
      saved = true;
      // The file names the desired-state files it came from; secret files resolve inside this checkout only.
      secretFiles = { root: secretFileRoot(io.cwd), allowedFiles };
      const prepared = await preparePlan({
        paths: [],
        saved: savedPlan,
        cwd: io.cwd,
        env: io.env,
        policyDirs: values.policy ?? [],
        parallelism,
        rotateSecret: new Set(),
        signal: controller.signal,
      });
      if (prepared.kind === 'blocked') {
        io.stderr.write(
          `atlas-cmk: refusing to apply ${values.plan}: the desired state it carries does not pass check. Nothing was changed.\n\n`,
        );
        const paint = makePaint(colorEnabled(io.env, io.stderr.isTTY === true));
        io.stderr.write(`${formatDiagnosticLines(prepared.diagnostics, paint).join('\n')}\n`);
        return 1;
      }
      const refusal = refuseSaved(savedPlan, prepared.plan);
      if (refusal) {
        const [first, ...rest] = refusal;
        io.stderr.write(`atlas-cmk: refusing to apply ${values.plan}: ${first} Nothing was changed.\n`);
        for (const line of rest) io.stderr.write(`${line}\n`);
        return 1;
      }
      for (const w of prepared.configWarnings) io.stderr.write(`atlas-cmk: warning: ${w}\n`);
      // What runs is the re-derived plan, equal to the saved one: never the file's steps themselves.
      plan = prepared.plan;
      client = prepared.client;
    } else {
      const prepared = await preparePlan({
        ...planSelection(values, positionals, io),
        rotateSecret: parseRotateSecret(values['rotate-secret']),
        signal: controller.signal,
      });
      // As in plan: the Azure side is checked before the plan is shown for approval.
      const checked =
        prepared.kind === 'ok'
          ? await planPreflight(prepared.documents, io.env, preflightMode, { signal: controller.signal })
          : undefined;
      const stoppedBy =
        prepared.kind === 'blocked'
          ? prepared.diagnostics
          : checked?.kind === 'checked'
            ? checked.findings.filter((d) => d.severity === 'error')
            : [];
      if (prepared.kind === 'blocked' || stoppedBy.length > 0) {
        io.stderr.write('atlas-cmk: nothing was applied; the plan was stopped by these problems:\n\n');
        const paint = makePaint(colorEnabled(io.env, io.stderr.isTTY === true));
        io.stderr.write(`${formatDiagnosticLines(stoppedBy, paint).join('\n')}\n`);
        return 1;
      }
      for (const w of prepared.configWarnings) io.stderr.write(`atlas-cmk: warning: ${w}\n`);
      if (checked?.kind === 'skipped' && checked.notice !== undefined) io.stderr.write(`${checked.notice}\n`);
      // Checks that could not look (a missing read permission): said, not stopping.
      const unchecked = checked?.kind === 'checked' ? checked.findings.filter((d) => d.severity !== 'error') : [];
      if (unchecked.length > 0) {
        const paint = makePaint(colorEnabled(io.env, io.stderr.isTTY === true));
        io.stderr.write(`${formatDiagnosticLines(unchecked, paint).join('\n')}\n`);
      }
      plan = prepared.plan;
      client = prepared.client;
      human.write(renderText(plan, { color }));
      if (plan.summary.steps === 0) return 0;
      if (!values['auto-approve']) {
        if (io.stdin.isTTY !== true) {
          throw new ToolError(
            'apply asks for confirmation, and there is no terminal to ask on. Review the plan above, then run with --auto-approve, or save it with atlas-cmk plan --out FILE and run atlas-cmk apply --plan FILE.',
            1,
          );
        }
        if (!(await confirmApply({ ...io, stdout: human }, controller.signal))) {
          human.write('Apply cancelled: only "yes" is accepted. Nothing was changed.\n');
          return 1;
        }
        // The answer may come long after the plan was shown, and another apply may have run meanwhile: apply
        // only what the person approved, as for a saved plan.
        const changed = await findStaleProjects(plan, client, controller.signal);
        if (changed.length > 0) {
          io.stderr.write(
            'atlas-cmk: refusing to apply: the live state changed since the plan shown above. Nothing was changed.\n',
          );
          for (const c of changed) io.stderr.write(`  ${c.message}\n`);
          io.stderr.write('Run atlas-cmk apply again to see the new plan.\n');
          return 1;
        }
      }
    }
    if (plan.summary.steps === 0) {
      human.write('No changes. Live state matches the desired state.\n');
      return 0;
    }

    viewOnScreen = renderer === 'ink';
    const outcome = await executeWithView({
      plan,
      client,
      io,
      env: io.env,
      renderer,
      color,
      signal: controller.signal,
      secretFiles,
      options: {
        concurrency,
        fingerprintCheck: saved,
        ...(pollInterval !== undefined
          ? { pollIntervalMs: pollInterval, maxPollIntervalMs: Math.max(pollInterval, pollInterval * 3) }
          : {}),
        stepDeadlineMs: {
          ...(endpointTimeout !== undefined ? { endpoint: endpointTimeout } : {}),
          ...(approvalTimeout !== undefined ? { manualApproval: approvalTimeout } : {}),
          ...(clusterTimeout !== undefined ? { cluster: clusterTimeout } : {}),
        },
      },
    });
    viewOnScreen = false;
    return outcome.outcome === 'converged' ? 0 : 1;
  } finally {
    removeHandlers();
  }
}
