import type { LiveEndpoint } from '@atlas-cmk/core';
import type { EndpointActionStep } from '@atlas-cmk/planner';
import { MaybeAppliedError } from '../../http/errors.js';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';

/** Statuses of an endpoint a create adopts instead of asking for a second one in the same region. */
const ADOPTABLE = new Set<string>(['INITIATING', 'PENDING_ACCEPTANCE', 'ACTIVE']);

/** POSTs in one step at most: the first, and one more per time the endpoint is known not to exist. */
const MAX_POSTS = 3;

/**
 * Create the region's endpoint without ever making two: re-read the list first and adopt a live endpoint
 * (a re-run after a killed apply), then POST. When the POST may have reached Atlas (reset, timeout, 5xx
 * after sending), re-read, wait one poll interval and re-read again; adopt the endpoint if it appeared,
 * and POST again only once it is known not to exist.
 */
export async function runEndpointCreate(ctx: StepContext<EndpointActionStep>): Promise<string> {
  const { step } = ctx;
  const existing = await findAdoptable(ctx);
  if (existing) return `Endpoint ${step.region} adopted (${existing.id}, ${existing.status})`;

  for (let post = 1; ; post += 1) {
    try {
      const created = await ctx.atlas.createEarPrivateEndpoint(
        ctx.projectId,
        'AZURE',
        { regionName: step.region },
        { signal: ctx.signal },
      );
      return `Endpoint ${step.region} requested (${created.id})`;
    } catch (error) {
      if (!(error instanceof MaybeAppliedError)) throw error;
      ctx.retrying(
        post,
        ctx.options.pollIntervalMs,
        `the create may have reached Atlas; re-reading the endpoints of ${step.region}`,
      );
      const adopted = await findAdoptable(ctx);
      if (adopted) return `Endpoint ${step.region} adopted after an interrupted create (${adopted.id})`;
      await ctx.sleep(ctx.options.pollIntervalMs, ctx.signal);
      const late = await findAdoptable(ctx);
      if (late) return `Endpoint ${step.region} adopted after an interrupted create (${late.id})`;
      if (post >= MAX_POSTS) {
        throw new StepError(
          {
            message: `Creating the endpoint in ${step.region} failed ${post} times before Atlas answered, and no endpoint appeared.`,
            hint: 'Check the network path to Atlas, then run atlas-cmk apply again: it re-reads the endpoints before creating one.',
          },
          { cause: error },
        );
      }
    }
  }
}

async function findAdoptable(ctx: StepContext<EndpointActionStep>): Promise<LiveEndpoint | undefined> {
  const list = await ctx.atlas.listEarPrivateEndpoints(ctx.projectId, 'AZURE', { signal: ctx.signal });
  return list.results.find((e) => e.regionName === ctx.step.region && ADOPTABLE.has(e.status));
}
