import type { LiveEndpoint } from '@atlas-cmk/core';
import { atlasPaths } from '../atlas-paths.js';
import type { EndpointWaitStep } from '../step-types.js';

/** Which wait, on which endpoint: an existing one (`endpoint`) or the region's new one. */
export interface EndpointWaitSpec {
  kind: EndpointWaitStep['kind'];
  projectId: string;
  region: string;
  endpoint?: LiveEndpoint;
  ignore: string[];
  /** `left-initiating`: for a delete, which Atlas refuses while the endpoint is provisioning. */
  purpose?: 'left-initiating';
}

const NOT_INITIATING = ['PENDING_ACCEPTANCE', 'ACTIVE', 'FAILED', 'PENDING_RECREATION'];

/** Builds an endpoint wait step; `dependsOn` is filled in by the ordering passes. */
export function endpointWait(spec: EndpointWaitSpec): EndpointWaitStep {
  const { kind, projectId, region, endpoint } = spec;
  const which = endpoint ? `endpoint ${endpoint.id} in ${region}` : `the endpoint in ${region}`;
  const [until, failOn, description] = ((): [string[], string[], string] => {
    switch (kind) {
      case 'endpoint.waitPendingAcceptance':
        return spec.purpose === 'left-initiating'
          ? [[...NOT_INITIATING], [], `Wait for ${which} to finish provisioning`]
          : [['PENDING_ACCEPTANCE', 'ACTIVE'], ['FAILED'], `Wait for ${which} to await approval`];
      case 'endpoint.waitActive':
        return [['ACTIVE'], ['FAILED', 'PENDING_RECREATION'], `Wait for ${which} to become ACTIVE`];
      case 'endpoint.waitDeleted':
        return [['GONE'], [], `Wait until ${which} is gone`];
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  })();
  return {
    id: endpoint ? `${kind}:${region}:${endpoint.id}` : `${kind}:${region}`,
    kind,
    target: region,
    dependsOn: [],
    destructive: false,
    description,
    region,
    ...(endpoint ? { endpointId: endpoint.id } : {}),
    ignoreEndpointIds: [...spec.ignore],
    until,
    failOn,
    request: {
      method: 'GET',
      path: endpoint ? atlasPaths.endpoint(projectId, endpoint.id) : atlasPaths.endpoints(projectId),
    },
  };
}
