import { AtlasApiError } from '../../http/errors.js';
import type { StepContext } from '../step-context.js';
import { waitHooks } from '../wait-hooks.js';
import { observedStatuses, selectEndpoints } from './endpoint-select.js';

const BLOCKED = 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING';

/** How a removal ended: Atlas accepted the delete, or the endpoint was already gone. */
export type RemovalOutcome = 'requested' | 'gone';

/**
 * Request deletion of one endpoint. A 404 means it is already gone. While Atlas refuses because the endpoint is
 * still provisioning, wait (shared poller) until it leaves INITIATING and try again, within the endpoint deadline.
 * `beforeEachAttempt` runs right before every DELETE and may throw to call the removal off.
 */
export async function removeEndpoint(
  ctx: StepContext,
  region: string,
  endpointId: string,
  beforeEachAttempt: () => Promise<void> = () => Promise.resolve(),
): Promise<RemovalOutcome> {
  const deadlineMs = ctx.options.stepDeadlineMs.endpoint;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await beforeEachAttempt();
      await ctx.atlas.deleteEarPrivateEndpoint(ctx.projectId, 'AZURE', endpointId, { signal: ctx.signal });
      return 'requested';
    } catch (error) {
      if (error instanceof AtlasApiError && error.status === 404) return 'gone';
      if (!(error instanceof AtlasApiError && error.errorCode === BLOCKED)) throw error;
      if (ctx.now() >= ctx.startedAt + deadlineMs) throw error;
      ctx.retrying(
        attempt,
        ctx.options.pollIntervalMs,
        `Atlas will not delete endpoint ${endpointId} while it is provisioning`,
      );
      // Atlas may list the endpoint as provisioned a little before it accepts the delete.
      if (attempt > 1) await ctx.sleep(ctx.options.pollIntervalMs, ctx.signal);
    }
    const status = await ctx.pollers.endpoints.wait<string>({
      ...waitHooks(ctx, `endpoint ${endpointId} in ${region}`, 'past INITIATING', deadlineMs),
      check: (endpoints) => {
        const selected = selectEndpoints(endpoints, { region, endpointId });
        const endpoint = selected[0];
        if (!endpoint) return { kind: 'done', value: 'GONE' };
        if (endpoint.status !== 'INITIATING') return { kind: 'done', value: endpoint.status };
        return { kind: 'pending', observed: observedStatuses(selected) };
      },
    });
    if (status === 'GONE') return 'gone';
  }
}
