import type { LiveEndpoint } from '@atlas-cmk/core';
import { endpointInUse, oldestEndpoint, type EndpointApproveStep } from '@atlas-cmk/planner';
import { AzureApiError } from '../../http/errors.js';
import type { Observation } from '../wait-request.js';
import type { StepContext } from '../step-context.js';
import { StepError } from '../step-error.js';
import { waitHooks } from '../wait-hooks.js';
import { APPROVAL_DESCRIPTION, approveCommand } from './approve-command.js';
import { endpointStatusError, observedStatuses, selectEndpoints } from './endpoint-select.js';

const FAIL_ON = new Set<string>(['FAILED', 'PENDING_RECREATION']);

/**
 * Approve the region's endpoint connection on the Key Vault. The connection name comes from the endpoint
 * once Atlas reports it PENDING_ACCEPTANCE. `manual`: emit the exact `az` command and complete when Atlas
 * reports ACTIVE. `azure`: PUT `Approved` through Resource Manager (already approved is fine); the
 * following `endpoint.waitActive` waits for Atlas to reflect it.
 */
export async function runEndpointApprove(ctx: StepContext<EndpointApproveStep>): Promise<string> {
  const { step } = ctx;
  const which = `the endpoint in ${step.region}`;
  const endpoint = await ctx.pollers.endpoints.wait<LiveEndpoint>({
    ...waitHooks(ctx, which, 'PENDING_ACCEPTANCE', ctx.options.stepDeadlineMs.endpoint),
    acceptRecent: true,
    check: (endpoints) => awaitingApproval(selectEndpoints(endpoints, step)),
  });
  if (endpoint.status === 'ACTIVE') return `Endpoint ${step.region} is already approved (ACTIVE)`;
  const connection = endpoint.privateEndpointConnectionName ?? '';
  switch (step.approval) {
    case 'manual':
      return approveManually(ctx, connection);
    case 'azure':
      return approveInAzure(ctx, connection);
    default: {
      const unreachable: never = step.approval;
      return unreachable;
    }
  }
}

/**
 * ACTIVE, or PENDING_ACCEPTANCE with the connection name Azure needs. Of several endpoints in use in the region
 * (overlapping applies), only the oldest counts: it is the one every run keeps, so none approves a duplicate.
 */
function awaitingApproval(selected: LiveEndpoint[]): Observation<LiveEndpoint> {
  const oldest = oldestEndpoint(selected.filter(endpointInUse), selected);
  if (oldest?.status === 'ACTIVE') return { kind: 'done', value: oldest };
  if (oldest?.status === 'PENDING_ACCEPTANCE' && oldest.privateEndpointConnectionName)
    return { kind: 'done', value: oldest };
  if (oldest) return { kind: 'pending', observed: oldest.status };
  const failed = selected.find((e) => FAIL_ON.has(e.status));
  if (failed) return { kind: 'fail', error: endpointStatusError(failed) };
  return { kind: 'pending', observed: observedStatuses(selected) };
}

async function approveManually(ctx: StepContext<EndpointApproveStep>, first: string): Promise<string> {
  const { step } = ctx;
  const announce = (connection: string): void =>
    ctx.actionRequired(
      `Approve the private endpoint connection ${connection} for ${step.region} on key vault ${step.keyVaultName}; apply continues once Atlas reports it ACTIVE.`,
      approveCommand(step, connection),
    );
  announce(first);
  let announced = first;
  const from = ctx.now();
  await ctx.pollers.endpoints.wait<LiveEndpoint>({
    ...waitHooks(ctx, `the endpoint in ${step.region}`, 'ACTIVE', ctx.options.stepDeadlineMs.manualApproval, from),
    check: (endpoints) => {
      const selected = selectEndpoints(endpoints, step);
      const observation = awaitingApproval(selected);
      if (observation.kind !== 'done' || observation.value.status === 'ACTIVE') return observation;
      // Atlas may replace the endpoint (rejected, recreated): the person needs the new connection name.
      const connection = observation.value.privateEndpointConnectionName ?? '';
      if (connection !== announced) {
        announced = connection;
        announce(connection);
      }
      return { kind: 'pending', observed: 'PENDING_ACCEPTANCE' };
    },
  });
  return `Endpoint ${step.region} approved (ACTIVE)`;
}

async function approveInAzure(ctx: StepContext<EndpointApproveStep>, connection: string): Promise<string> {
  const { step } = ctx;
  const vaultName = step.keyVaultName;
  if (!ctx.arm) {
    throw new StepError({
      message: `approval: azure needs Azure credentials to approve the connection for ${step.region}, and none are configured.`,
      hint: 'Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for an identity allowed to approve the connection, or use approval: manual.',
    });
  }
  const vault = { subscriptionId: step.subscriptionID, resourceGroupName: step.resourceGroupName, vaultName };
  const options = { signal: ctx.signal };
  try {
    const current = await ctx.arm.getPrivateEndpointConnection(vault, connection, options);
    if (!current) {
      throw new StepError({
        message: `Key vault ${vaultName} has no private endpoint connection named ${connection}.`,
        hint: 'Check subscriptionID, resourceGroupName and keyVaultName: they must name the vault Atlas connects to.',
      });
    }
    if (current.privateLinkServiceConnectionState?.status === 'Approved') {
      return `Endpoint ${step.region} connection was already approved in Azure`;
    }
    await ctx.arm.setPrivateEndpointConnectionStatus(vault, connection, 'Approved', APPROVAL_DESCRIPTION, options);
    return `Endpoint ${step.region} approved in Azure`;
  } catch (error) {
    if (error instanceof AzureApiError && error.status === 403) {
      throw new StepError(
        {
          message: `Azure refused to approve connection ${connection} on key vault ${vaultName} (HTTP 403 ${error.code}).`,
          errorCode: error.code,
          status: 403,
          hint:
            'The Azure identity needs Microsoft.KeyVault/vaults/privateEndpointConnectionApproval/action on the vault ' +
            `(for example through a custom role on ${vaultName}), or use approval: manual.`,
        },
        { cause: error },
      );
    }
    throw error;
  }
}
