import type { EndpointWaitStep } from '@atlas-cmk/planner';
import type { StepContext } from '../step-context.js';
import { waitHooks } from '../wait-hooks.js';
import { endpointStatusError, observedStatuses, selectEndpoints } from './endpoint-select.js';

/** The pseudo status of an endpoint Atlas no longer lists. */
const GONE = 'GONE';

/**
 * Wait, through the project's shared endpoint poller, until the step's endpoint reaches one of `until`
 * (`GONE`: no longer listed). A status in `failOn` ends the step with the endpoint's `errorMessage` or,
 * for PENDING_RECREATION, with what to do about an endpoint rejected in Azure.
 */
export async function runEndpointWait(ctx: StepContext<EndpointWaitStep>): Promise<string> {
  const { step } = ctx;
  const deadlineMs = ctx.options.stepDeadlineMs.endpoint;
  const which = step.endpointId ? `endpoint ${step.endpointId} in ${step.region}` : `the endpoint in ${step.region}`;
  const until = step.until.join(' or ');
  const wantsGone = step.until.includes(GONE);
  const status = await ctx.pollers.endpoints.wait<string>({
    ...waitHooks(ctx, which, until, deadlineMs),
    acceptRecent: true,
    check: (endpoints) => {
      const selected = selectEndpoints(endpoints, step);
      if (wantsGone && selected.length === 0) return { kind: 'done', value: GONE };
      const reached = selected.find((e) => step.until.includes(e.status));
      if (reached) return { kind: 'done', value: reached.status };
      const failed = selected.find((e) => step.failOn.includes(e.status));
      if (failed) return { kind: 'fail', error: endpointStatusError(failed) };
      return { kind: 'pending', observed: observedStatuses(selected) };
    },
  });
  // The poll that ended the wait is an observation like the others: views show it as the endpoint's status.
  ctx.waiting(until, status, deadlineMs);
  return status === GONE ? `Endpoint ${step.region} is gone` : `Endpoint ${step.region} is ${status}`;
}
