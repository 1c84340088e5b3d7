import type { Step } from '@atlas-cmk/planner';
import type { StepContext } from './step-context.js';
import { runClusterAction } from './steps/cluster-action.js';
import { runClusterPause } from './steps/cluster-pause.js';
import { runClusterWait } from './steps/cluster-wait.js';
import { runEarPatch } from './steps/ear-patch.js';
import { runEndpointApprove } from './steps/endpoint-approve.js';
import { runEndpointCreate } from './steps/endpoint-create.js';
import { runEndpointDelete } from './steps/endpoint-delete.js';
import { runEndpointWait } from './steps/endpoint-wait.js';
import { runKeyEnable } from './steps/key-enable.js';

/** Run one step with its kind's handler. Resolves to the success message; throws to fail the step. */
export function runStep(ctx: StepContext): Promise<string> {
  const step: Step = ctx.step;
  switch (step.kind) {
    case 'ear.enable':
    case 'ear.update':
    case 'ear.requirePrivateNetworking':
    case 'ear.disablePrivateNetworking':
    case 'ear.disable':
      return runEarPatch({ ...ctx, step });
    case 'endpoint.create':
      return runEndpointCreate({ ...ctx, step });
    case 'endpoint.delete':
      return runEndpointDelete({ ...ctx, step });
    case 'endpoint.waitPendingAcceptance':
    case 'endpoint.waitActive':
    case 'endpoint.waitDeleted':
      return runEndpointWait({ ...ctx, step });
    case 'endpoint.approve':
      return runEndpointApprove({ ...ctx, step });
    case 'cluster.enableCmk':
    case 'cluster.disableCmk':
      return runClusterAction({ ...ctx, step });
    case 'cluster.resume':
    case 'cluster.pause':
      return runClusterPause({ ...ctx, step });
    case 'cluster.waitIdle':
      return runClusterWait({ ...ctx, step });
    case 'key.enable':
      return runKeyEnable({ ...ctx, step });
    default: {
      const unreachable: never = step;
      return Promise.reject(new Error(`Unknown step kind ${(unreachable as Step).kind}`));
    }
  }
}
