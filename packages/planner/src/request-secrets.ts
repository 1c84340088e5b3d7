import { SECRET_FIELDS } from '@atlas-cmk/core';
import type { Step } from './step-types.js';

/** A path into a request body: object keys from the body's root. */
export type BodyPath = readonly string[];

/**
 * The fields of a step's request body that may carry a `{"$secretRef": …}` marker: the desired-state secret
 * fields (`SECRET_FIELDS`) mapped onto the body of the request that sends them. Only the encryption-at-rest
 * `PATCH` carries `spec.azureKeyVault` as its `azureKeyVault` block; every other request carries no secret.
 * The runner resolves references at these paths and refuses a marker anywhere else.
 */
export function requestSecretPaths(step: Step): readonly BodyPath[] {
  switch (step.kind) {
    case 'ear.enable':
    case 'ear.update':
    case 'ear.requirePrivateNetworking':
    case 'ear.disablePrivateNetworking':
    case 'ear.disable':
      return SECRET_FIELDS.filter((path) => path[0] === 'spec' && path[1] === 'azureKeyVault').map((path) =>
        path.slice(1).map(String),
      );
    case 'endpoint.create':
    case 'endpoint.waitPendingAcceptance':
    case 'endpoint.approve':
    case 'endpoint.waitActive':
    case 'endpoint.delete':
    case 'endpoint.waitDeleted':
    case 'cluster.enableCmk':
    case 'cluster.disableCmk':
    case 'cluster.waitIdle':
    case 'cluster.resume':
    case 'cluster.pause':
    case 'key.enable':
      return [];
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}
