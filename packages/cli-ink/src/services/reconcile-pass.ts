import type { LiveProjectState } from '@atlas-cmk/core';
import { escapeControl, holdBackSteps, type DriftReport, type Step } from '@atlas-cmk/planner';
import type { ApplyOptions, HttpEvent, RunEvent } from '@atlas-cmk/runner';
import type { CliIo } from '../cli-io.js';
import { makePaint } from '../color.js';
import { formatDiagnosticLines } from '../format/findings-text.js';
import { detectDrift } from './detect-drift.js';
import { executeWithView, type RendererKind } from './execute-with-view.js';
import type { PlanRequest } from './prepare-plan.js';
import type { PassResult } from './reconcile-loop.js';

/** What one pass needs besides the signal. */
export interface PassInput {
  request: Omit<PlanRequest, 'signal' | 'onHttpEvent'>;
  io: CliIo;
  renderer: Extract<RendererKind, 'plain' | 'ndjson'>;
  allowDestructive: boolean;
  /**
   * Enable a disabled key version the desired file names (`key.enable`), then have Atlas validate it and resume
   * the clusters it paused. False (`--no-key-repair`): disabling the version is the owner's way to revoke Atlas's
   * access, so a disabled key is reported and left alone, and so are the clusters it paused.
   */
  repairKeys: boolean;
  applyOptions: ApplyOptions;
  now(): number;
  /** One line for people (stderr in NDJSON mode). */
  log(line: string): void;
  onAtlasHttp?: (event: HttpEvent) => void;
  onAzureHttp?: (event: HttpEvent) => void;
  onRunEvent?: (event: RunEvent) => void;
  onDrift?: (report: DriftReport) => void;
}

/**
 * Which steps reconcile may run. Without `--allow-destructive`, a step that removes something or lowers
 * protection is held back, with one exception: deleting an endpoint Atlas reports FAILED, which is already
 * unusable, so that it can be created again (the repair Atlas itself asks for).
 */
export function reconcileAllows(
  allowDestructive: boolean,
  live: ReadonlyMap<string, LiveProjectState>,
  projectId: string,
): (step: Step) => boolean {
  return (step) => {
    if (allowDestructive || !step.destructive) return true;
    if (step.kind !== 'endpoint.delete' || step.endpointId === undefined) return false;
    const endpoint = live.get(projectId)?.endpoints.find((e) => e.id === step.endpointId);
    return endpoint?.status === 'FAILED';
  };
}

/**
 * One reconcile pass: read and plan (the drift report), hold back the steps that are not allowed, apply the rest
 * through the apply executor with the same AbortSignal (SIGTERM: no new step starts, in-flight requests end, the
 * next pass re-reads and continues). Never throws for a problem of the environment: it is a `failed` result.
 */
export async function reconcilePass(input: PassInput, signal: AbortSignal): Promise<PassResult> {
  const { log } = input;
  try {
    const detected = await detectDrift({
      ...input.request,
      signal,
      nowMs: input.now(),
      readKeys: 'if-configured',
      repairKeys: input.repairKeys,
      ...(input.onAzureHttp ? { onKeyVaultHttp: input.onAzureHttp } : {}),
      ...(input.onAtlasHttp ? { onHttpEvent: input.onAtlasHttp } : {}),
    });
    if (signal.aborted) return { kind: 'stopped' };
    if (detected.kind === 'blocked') {
      const lines = formatDiagnosticLines(detected.diagnostics, makePaint(false));
      return { kind: 'failed', message: `the plan was stopped by these problems:\n${lines.join('\n')}` };
    }
    const { report, prepared } = detected;
    for (const w of detected.keyWarnings) log(`Warning: ${escapeControl(w)}`);
    input.onDrift?.(report);
    const { drifted, changes, health } = report.summary;
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    log(
      drifted === 0
        ? 'No drift.'
        : `Drift in ${drifted} of ${plural(report.summary.projects, 'project')}: ${plural(changes, 'change')}, ${plural(health, 'health finding')}.`,
    );
    for (const p of report.projects)
      for (const h of p.health) log(`  ${escapeControl(p.name)}: ${escapeControl(h.message)} [${h.code}]`);
    let held = 0;
    const projects = prepared.plan.projects.map((project) => {
      const one = holdBackSteps(
        { ...prepared.plan, projects: [project], summary: project.summary },
        reconcileAllows(input.allowDestructive, prepared.live, project.projectId),
      );
      for (const h of one.heldBack)
        if (h.because === 'not-allowed')
          log(
            `  Held back ${h.kind} ${escapeControl(h.target)} in ${escapeControl(project.name)}: destructive (use --allow-destructive).`,
          );
      held += one.heldBack.length;
      return one.plan.projects[0] ?? project;
    });
    const steps = projects.reduce((n, p) => n + p.steps.length, 0);
    if (steps === 0) return drifted === 0 ? { kind: 'clean' } : { kind: 'drift-left', heldBack: held };
    const plan = {
      ...prepared.plan,
      projects,
      summary: { ...prepared.plan.summary, steps },
    };
    log(`Applying ${steps} step${steps === 1 ? '' : 's'}.`);
    const outcome = await executeWithView({
      plan,
      client: prepared.client,
      io: input.io,
      env: input.request.env,
      renderer: input.renderer,
      color: false,
      signal,
      options: input.applyOptions,
      ...(input.onAzureHttp ? { onAzureHttpEvent: input.onAzureHttp } : {}),
      ...(input.onRunEvent ? { onRunEvent: input.onRunEvent } : {}),
    });
    switch (outcome.outcome) {
      case 'converged':
        return held > 0 ? { kind: 'drift-left', heldBack: held } : { kind: 'repaired', steps };
      case 'interrupted':
        return { kind: 'stopped' };
      case 'failed':
        return { kind: 'failed', message: outcome.failures.map((f) => f.message).join('; ') };
      default: {
        const never: never = outcome.outcome;
        throw new Error(`unhandled outcome ${String(never)}`);
      }
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'stopped' };
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
