import type { KeyEnableStep } from '@atlas-cmk/planner';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';

/**
 * Enable the key version the desired file names through Key Vault "Update Key". An expired version is enabled
 * but cannot be used, so the step fails then, saying to rotate; the EAR step after it makes Atlas validate the key.
 */
export async function runKeyEnable(ctx: StepContext<KeyEnableStep>): Promise<string> {
  const { step } = ctx;
  if (!ctx.keys)
    throw new StepError({
      message: `Enabling key ${step.target} in vault ${step.keyVaultName} needs an Azure sign-in.`,
      hint: 'Set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET (or a workload or managed identity), as for approval: azure.',
    });
  let facts;
  try {
    facts = await ctx.keys.enableKeyVersion(step.keyIdentifier, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new StepError({ message: (error as Error).message }, { cause: error });
  }
  if (facts.expires !== null && Date.parse(facts.expires) <= ctx.now())
    throw new StepError({
      message: `Key ${step.target} in vault ${step.keyVaultName} expired at ${facts.expires}: enabling it does not make it usable.`,
      hint: 'Rotate to a new key version: set keyIdentifier to it in the desired-state file and apply.',
    });
  return `Key ${step.target} is enabled in vault ${step.keyVaultName}`;
}
