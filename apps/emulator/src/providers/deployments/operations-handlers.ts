/**
 * The deployment's satellites: its operations (list and get), the Azure-AsyncOperation
 * status a PUT points at (Accepted/Running/Succeeded/Failed/Canceled, with the error), and the
 * results the Location of a whatIf or a DELETE points at.
 */
import { getDeployment, getOperation, getOperationResult, listOperations } from "@azmi/templates";
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { DEPLOYMENT_API_VERSIONS } from "./api-versions.js";
import { deploymentScope } from "./deployment-scope.js";

const POLL_HOLD_MS = 10_000;

function deploymentOf(ctx: ArmContext, id: ResourceId) {
  deploymentScope(ctx, id);
  const record = getDeployment(ctx.services.store, id.id);
  if (record === undefined) throw armErrors.deploymentNotFound(id.name!);
  return record;
}

export const deploymentOperationsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/deployments/operations",
  apiVersions: DEPLOYMENT_API_VERSIONS,
  list(ctx, deployment) {
    deploymentOf(ctx, deployment);
    return pagedList(ctx, listOperations(ctx.services.store, deployment.id), (op) => op.id.toLowerCase());
  },
  get(ctx, id) {
    const deployment = id.parent!;
    deploymentOf(ctx, deployment);
    const operation = getOperation(ctx.services.store, deployment.id, id.name!);
    if (operation === undefined) throw armErrors.deploymentOperationNotFound(id.name!, deployment.name!);
    return { status: 200, body: operation };
  },
};

export const deploymentStatusHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/deployments/operationStatuses",
  apiVersions: DEPLOYMENT_API_VERSIONS,
  async get(ctx, id) {
    let record = deploymentOf(ctx, id.parent!);
    if (record.runId.toLowerCase() !== id.name!.toLowerCase()) throw armErrors.operationNotFound(id.name!);
    // Clients wait 30 s between polls unless told otherwise: hold the poll until the run ends
    // (azmi's runs take milliseconds), so the first poll usually carries the final state.
    const run = ctx.services.deploymentRuns.active(id.parent!.id);
    if (run !== undefined) {
      await Promise.race([run.done, new Promise((resolve) => setTimeout(resolve, POLL_HOLD_MS).unref())]);
      record = deploymentOf(ctx, id.parent!);
    }
    const { provisioningState, error } = record.document.properties;
    const finished = provisioningState === "Succeeded" || provisioningState === "Failed" || provisioningState === "Canceled";
    return {
      status: 200,
      body: { status: provisioningState, ...(error === undefined ? {} : { error }) },
      ...(finished ? {} : { headers: { "Retry-After": "1" } }),
    };
  },
};

/** Location polls of whatIf and DELETE: done at once, so 200 with the result (what-if) or nothing (delete). */
export const operationResultsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/deployments/operationResults",
  apiVersions: DEPLOYMENT_API_VERSIONS,
  get(ctx, id) {
    deploymentScope(ctx, id.parent!);
    const result = getOperationResult(ctx.services.store, id.name!);
    if (result === undefined) throw armErrors.operationNotFound(id.name!);
    return result.body === null ? { status: 200 } : { status: 200, body: result.body };
  },
};
