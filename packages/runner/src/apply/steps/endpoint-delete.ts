import type { EndpointActionStep } from '@atlas-cmk/planner';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';
import { anotherApply } from './another-apply.js';
import { removeEndpoint } from './endpoint-removal.js';

/**
 * Request deletion of the step's endpoint (see `removeEndpoint`: a 404 is success, a delete refused while the
 * endpoint provisions is retried once it has). The delete of a duplicate (`keepEndpointId`) first re-lists the
 * endpoints and goes ahead only while the endpoint it keeps is listed and not DELETING: another apply may have
 * removed that one meanwhile, and deleting both would leave the region without an endpoint.
 */
export async function runEndpointDelete(ctx: StepContext<EndpointActionStep>): Promise<string> {
  const { step } = ctx;
  const endpointId = step.endpointId;
  if (endpointId === undefined) {
    throw new StepError({
      message: `The plan's delete of the endpoint in ${step.region} names no endpoint id.`,
      hint: 'Plan again.',
    });
  }
  const keep = step.keepEndpointId;
  const guard = keep === undefined ? undefined : () => keptEndpointStays(ctx, keep);
  const outcome = await removeEndpoint(ctx, step.region, endpointId, guard);
  return outcome === 'gone'
    ? `Endpoint ${step.region} (${endpointId}) was already gone`
    : `Deletion of endpoint ${step.region} (${endpointId}) requested`;
}

async function keptEndpointStays(ctx: StepContext<EndpointActionStep>, keep: string): Promise<void> {
  const list = await ctx.atlas.listEarPrivateEndpoints(ctx.projectId, 'AZURE', { signal: ctx.signal });
  const kept = list.results.find((e) => e.id === keep);
  if (kept && kept.status !== 'DELETING') return;
  throw new StepError({
    message: `${anotherApply(ctx.projectId)}: endpoint ${keep} in ${ctx.step.region}, which the plan keeps, is ${kept ? 'being deleted' : 'gone'}, so duplicate ${ctx.step.endpointId ?? ''} is left in place.`,
    hint: 'Wait for the other apply to finish, then run atlas-cmk plan and apply again.',
  });
}
