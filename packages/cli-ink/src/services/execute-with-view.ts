import { knownSecrets, redactSecrets } from '@atlas-cmk/core';
import type { Plan } from '@atlas-cmk/planner';
import {
  azureConfigFromEnv,
  createArmClient,
  createKeyVaultKeys,
  executePlan,
  realSleep,
  type ApplyOptions,
  type ArmClient,
  type KeyVaultKeys,
  type AtlasClient,
  type HttpEvent,
  type RunEvent,
  type RunOutcome,
} from '@atlas-cmk/runner';
import { ToolError, type CliIo } from '../cli-io.js';
import { unguarded } from '../terminal-guard.js';
import { createEventChannel } from './event-channel.js';
import { planSecretResolver, type SecretFilePolicy } from './plan-secrets.js';

export type RendererKind = 'ink' | 'plain' | 'ndjson';

function needsAzure(plan: Plan): boolean {
  return plan.projects.some((p) => p.steps.some((s) => s.kind === 'endpoint.approve' && s.approval === 'azure'));
}

/**
 * Key Vault's keys for `key.enable` steps (reconcile), signed in as for approvals; only built when the plan has
 * such a step. `ATLAS_CMK_AZURE_KEYVAULT_URL` points it at another endpoint, as for the key reads.
 */
function keysFor(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  onHttpEvent?: (event: HttpEvent) => void,
): KeyVaultKeys | undefined {
  if (!plan.projects.some((p) => p.steps.some((s) => s.kind === 'key.enable'))) return undefined;
  const config = azureConfigFromEnv(env);
  if (config.kind === 'error') throw new ToolError(config.message.replace(/^Azure approval/, 'Enabling a key'), 1);
  const vaultUrl = env['ATLAS_CMK_AZURE_KEYVAULT_URL']?.trim() || undefined;
  return createKeyVaultKeys(config.config, {
    ...(vaultUrl ? { vaultUrl } : {}),
    ...(onHttpEvent ? { onEvent: onHttpEvent } : {}),
  });
}

/** The ARM client for `approval: azure` steps; only built (and only required) when the plan has such a step. */
function armClientFor(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  onHttpEvent?: (event: HttpEvent) => void,
): ArmClient | undefined {
  if (!needsAzure(plan)) return undefined;
  const config = azureConfigFromEnv(env);
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  return createArmClient(config.config, onHttpEvent ? { onEvent: onHttpEvent } : {});
}

/**
 * Execute a plan with one of the three views of the event stream (Ink, plain lines, NDJSON). Secrets are resolved
 * before the first step so a missing one stops the run before anything changes. Failures that belong to no step
 * (the executor's own stale-plan re-check) are printed after the view.
 */
export async function executeWithView(input: {
  plan: Plan;
  client: AtlasClient;
  io: CliIo;
  env: NodeJS.ProcessEnv;
  renderer: RendererKind;
  color: boolean;
  signal: AbortSignal;
  options: ApplyOptions;
  secretFiles?: SecretFilePolicy;
  /** Every HTTP event of the Azure Resource Manager and Key Vault clients (reconcile's request metrics). */
  onAzureHttpEvent?: (event: HttpEvent) => void;
  /** Every run event, besides the view (reconcile's apply metrics). */
  onRunEvent?: (event: RunEvent) => void;
}): Promise<RunOutcome> {
  const { plan, io } = input;
  const secrets = planSecretResolver(plan, input.env, io.cwd, input.secretFiles);
  const arm = armClientFor(plan, input.env, input.onAzureHttpEvent);
  const keys = keysFor(plan, input.env, input.onAzureHttpEvent);
  const scrubbed = [...secrets.values, ...knownSecrets(input.env)];
  const channel = createEventChannel<RunEvent>();
  const rendering = renderEvents(input.renderer, channel, io, input.color, input.signal);
  let outcome: RunOutcome;
  try {
    outcome = await executePlan(plan, {
      atlas: input.client,
      ...(arm ? { arm } : {}),
      ...(keys ? { keys } : {}),
      resolveSecret: secrets.resolve,
      emit: (event) => {
        const safe = scrubEvent(event, scrubbed);
        input.onRunEvent?.(safe);
        channel.push(safe);
      },
      signal: input.signal,
      now: Date.now,
      sleep: (ms, signal) => realSleep(ms, signal),
      options: input.options,
    });
  } finally {
    channel.close();
    await rendering;
  }
  const stepIds = new Set(plan.projects.flatMap((p) => p.steps.map((st) => st.id)));
  for (const f of outcome.failures.filter((x) => !stepIds.has(x.stepId))) {
    io.stderr.write(`atlas-cmk: ${f.message}${f.hint ? `\n  ${f.hint}` : ''}\n`);
  }
  return outcome;
}

/**
 * An event with every resolved and known secret removed, in every encoding, before any view sees it: the Ink
 * view, plain lines and NDJSON all consume these. Events are plain JSON data, so they are redacted as JSON text.
 */
function scrubEvent(event: RunEvent, secrets: readonly string[]): RunEvent {
  if (secrets.length === 0) return event;
  const text = JSON.stringify(event);
  const clean = redactSecrets(text, secrets);
  return clean === text ? event : (JSON.parse(clean) as RunEvent);
}

async function renderEvents(
  kind: RendererKind,
  events: AsyncIterable<RunEvent>,
  io: CliIo,
  color: boolean,
  signal: AbortSignal,
): Promise<void> {
  switch (kind) {
    case 'ink': {
      const { renderApplyView } = await import('../ui/render-apply-view.js');
      await renderApplyView(events, {
        // Ink redraws with cursor movements; the state it draws was neutralised event by event (terminalSafe).
        stdout: unguarded(io.stdout) as NodeJS.WriteStream,
        stderr: unguarded(io.stderr) as NodeJS.WriteStream,
        color,
        signal,
      });
      return;
    }
    case 'plain': {
      const { renderPlain } = await import('../ui/plain-renderer.js');
      await renderPlain(events, { write: (line) => io.stdout.write(`${line}\n`), color });
      return;
    }
    case 'ndjson': {
      const { renderNdjson } = await import('../ui/ndjson-renderer.js');
      await renderNdjson(events, { write: (line) => io.stdout.write(`${line}\n`) });
      return;
    }
    default: {
      const never: never = kind;
      throw new Error(`unhandled renderer ${String(never)}`);
    }
  }
}
