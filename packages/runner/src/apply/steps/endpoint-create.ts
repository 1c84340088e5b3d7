import type { LiveEndpoint } from '@atlas-cmk/core';
import { endpointInUse, oldestEndpoint, type EndpointActionStep } from '@atlas-cmk/planner';
import { AtlasApiError, MaybeAppliedError } from '../../http/errors.js';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';
import { anotherApply } from './another-apply.js';
import { removeEndpoint } from './endpoint-removal.js';

/** POSTs in one step at most: the first, and one more per time the endpoint is known not to exist. */
const MAX_POSTS = 3;

/** Atlas's refusal of a second endpoint in a region that has one in use (when it refuses instead of creating). */
export const ENDPOINT_EXISTS_CODE = 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS';

/**
 * Create the region's endpoint without ever leaving two. Atlas offers no lock, so the step re-lists the region
 * right before and right after its POST:
 * - before: an endpoint in use (INITIATING, PENDING_ACCEPTANCE, ACTIVE) is adopted, never duplicated (a re-run
 *   after a killed apply, or another apply that got there first);
 * - a POST whose outcome is unknown (reset, timeout, 5xx after sending) is never repeated blindly: the region is
 *   re-listed, then once more a poll interval later, and an endpoint that appeared is adopted; only an endpoint
 *   known not to exist is asked for again. Atlas refusing a second endpoint in the region is adopting too;
 * - after: when the region holds an older endpoint in use than the one just created, another apply created it
 *   at the same time. The oldest stays (every run reaches the same verdict from the same listing); this run
 *   deletes its own newer one, never another run's, and says so.
 */
export async function runEndpointCreate(ctx: StepContext<EndpointActionStep>): Promise<string> {
  const { step } = ctx;
  const before = await regionInUse(ctx);
  const existing = before.oldest;
  if (existing) return adopted(ctx, existing, 'it appeared after the plan was made');
  const seenBefore = new Set(before.inUse.map((e) => e.id));

  for (let post = 1; ; post += 1) {
    try {
      const created = await ctx.atlas.createEarPrivateEndpoint(
        ctx.projectId,
        'AZURE',
        { regionName: step.region },
        { signal: ctx.signal },
      );
      return await settleCreated(ctx, created);
    } catch (error) {
      if (error instanceof AtlasApiError && error.errorCode === ENDPOINT_EXISTS_CODE) {
        const there = (await regionInUse(ctx)).oldest;
        if (there) return adopted(ctx, there, 'Atlas refused a second one');
        throw new StepError(
          {
            message: `Atlas refused to create an endpoint in ${step.region} because one exists, but lists none in use.`,
            hint: 'Run atlas-cmk status to see the endpoints of the region, then apply again.',
          },
          { cause: error },
        );
      }
      if (!(error instanceof MaybeAppliedError)) throw error;
      ctx.retrying(
        post,
        ctx.options.pollIntervalMs,
        `the create may have reached Atlas; re-reading the endpoints of ${step.region}`,
      );
      const appeared = await adoptAppeared(ctx, seenBefore);
      if (appeared) return appeared;
      await ctx.sleep(ctx.options.pollIntervalMs, ctx.signal);
      const late = await adoptAppeared(ctx, seenBefore);
      if (late) return late;
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

/** Right after a create: keep the new endpoint when it is the region's oldest in use, else remove it. */
async function settleCreated(ctx: StepContext<EndpointActionStep>, created: LiveEndpoint): Promise<string> {
  const { step } = ctx;
  const { oldest } = await regionInUse(ctx, created);
  if (!oldest || oldest.id === created.id) return `Endpoint ${step.region} requested (${created.id})`;
  ctx.retrying(
    1,
    ctx.options.pollIntervalMs,
    `${anotherApply(ctx.projectId)}: endpoint ${oldest.id} in ${step.region} is older than ${created.id}, which this run removes`,
  );
  await removeEndpoint(ctx, step.region, created.id);
  return `Endpoint ${step.region} adopted (${oldest.id}): ${anotherApply(ctx.projectId)}, so the duplicate ${created.id} this run created was deleted`;
}

function adopted(ctx: StepContext<EndpointActionStep>, endpoint: LiveEndpoint, why: string): string {
  return `Endpoint ${ctx.step.region} adopted (${endpoint.id}, ${endpoint.status}): ${why}`;
}

/** The region's endpoints in use, from a fresh listing, and the oldest of them. */
interface RegionInUse {
  inUse: LiveEndpoint[];
  oldest: LiveEndpoint | undefined;
}

/**
 * Read the region's endpoints in use. `created`, the endpoint this run just made, counts even when the listing
 * does not show it yet.
 */
async function regionInUse(ctx: StepContext<EndpointActionStep>, created?: LiveEndpoint): Promise<RegionInUse> {
  const list = await ctx.atlas.listEarPrivateEndpoints(ctx.projectId, 'AZURE', { signal: ctx.signal });
  const listing = created && !list.results.some((e) => e.id === created.id) ? [...list.results, created] : list.results;
  const inUse = listing.filter((e) => e.regionName === ctx.step.region && endpointInUse(e));
  return { inUse, oldest: oldestEndpoint(inUse, listing) };
}

/**
 * After a create whose outcome is unknown: adopt the region's oldest endpoint in use if one appeared. Newer ones
 * that appeared since the step's first listing are this run's lost create or another run's concurrent one (which
 * that run removes itself, reaching the same verdict): either way a duplicate, deleted here. Undefined when none
 * appeared.
 */
async function adoptAppeared(
  ctx: StepContext<EndpointActionStep>,
  seenBefore: ReadonlySet<string>,
): Promise<string | undefined> {
  const { inUse, oldest } = await regionInUse(ctx);
  if (!oldest) return undefined;
  const newer = inUse.filter((e) => e.id !== oldest.id && !seenBefore.has(e.id));
  for (const duplicate of newer) await removeEndpoint(ctx, ctx.step.region, duplicate.id);
  const removed = newer.length > 0 ? `; duplicate ${newer.map((e) => e.id).join(', ')} deleted` : '';
  return adopted(ctx, oldest, `after an interrupted create${removed}`);
}
