import type { LiveEndpoint } from '@atlas-cmk/core';
import { StepError } from '../step-error.js';

/** Which endpoint a step is about: a known id, or the region's endpoint outside `ignoreEndpointIds`. */
export interface EndpointSelector {
  region: string;
  endpointId?: string | undefined;
  ignoreEndpointIds?: readonly string[];
}

/**
 * The endpoints a selector matches in a listing. Selecting by region leaves out `DELETING` endpoints:
 * one on its way out is never the endpoint a region is waiting for.
 */
export function selectEndpoints(endpoints: readonly LiveEndpoint[], selector: EndpointSelector): LiveEndpoint[] {
  if (selector.endpointId !== undefined) return endpoints.filter((e) => e.id === selector.endpointId);
  const ignore = new Set(selector.ignoreEndpointIds ?? []);
  return endpoints.filter((e) => e.regionName === selector.region && !ignore.has(e.id) && e.status !== 'DELETING');
}

/** The statuses of the selected endpoints, for `step.waiting` (`not listed yet` when there are none). */
export function observedStatuses(endpoints: readonly LiveEndpoint[]): string {
  if (endpoints.length === 0) return 'not listed yet';
  return [...new Set(endpoints.map((e) => e.status))].join(', ');
}

/** Why an endpoint in a failing status ends a step, and what to do. */
export function endpointStatusError(endpoint: LiveEndpoint): StepError {
  const where = `The endpoint ${endpoint.id} in ${endpoint.regionName}`;
  switch (endpoint.status) {
    case 'PENDING_RECREATION':
      return new StepError({
        message: `${where} is PENDING_RECREATION: it was rejected or removed in Azure, and Atlas is recreating it.`,
        hint: 'Run atlas-cmk apply again (or wait) and approve the new endpoint when it reaches PENDING_ACCEPTANCE.',
      });
    case 'FAILED':
      return new StepError({
        message: `${where} FAILED: ${endpoint.errorMessage?.trim() || 'Atlas gave no reason'}.`,
        hint: 'Run atlas-cmk plan: it replaces a FAILED endpoint (delete, then create again).',
      });
    default:
      return new StepError({ message: `${where} is ${endpoint.status}, which this step cannot continue from.` });
  }
}
