/**
 * Long-running operations of Resource Manager (deleting a resource group). azmi finishes the
 * work inside the request, then answers 202 with the polling headers Azure sends, pointing at
 * an operation already Succeeded, with `Retry-After: 0` so no client waits (az waits 30 s per
 * poll without it):
 *   Location             {base}/subscriptions/{s}/operationresults/{op}?api-version=…
 *                        → 200 (done), as Azure's operationresults endpoint answers;
 *   Azure-AsyncOperation {base}/subscriptions/{s}/providers/Microsoft.Resources/operationStatuses/{op}?api-version=…
 *                        → 200 {"status":"Succeeded", ...}.
 * Both use the host the client called (management.azure.com through the proxy) and the
 * request's api-version. Operations are stored, so a poll after a restart still answers.
 */
import { randomUUID } from "node:crypto";
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { requireSubscription } from "./scope-checks.js";

interface Operation {
  readonly name: string;
  readonly subscriptionId: string;
  readonly status: "Succeeded";
  readonly startTime: string;
  readonly endTime: string;
}

const COLLECTION = "resourceManagerOperations";

const statusPath = (subscriptionId: string, name: string) =>
  `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/operationStatuses/${name}`;

/** Records a finished operation and answers the 202 headers that point at it. */
export function completedOperationHeaders(ctx: ArmContext, subscriptionId: string, job: string, startTime: string): Record<string, string> {
  // Opaque like Azure's (base64 of a job description), unique per operation.
  const name = Buffer.from(JSON.stringify({ jobId: `${job}-${randomUUID()}` }), "utf8").toString("base64url");
  const operation: Operation = { name, subscriptionId, status: "Succeeded", startTime, endTime: new Date().toISOString() };
  ctx.services.store.put(COLLECTION, name.toLowerCase(), operation);
  const query = `api-version=${encodeURIComponent(ctx.apiVersion)}`;
  return {
    Location: `${ctx.baseUrl}/subscriptions/${subscriptionId}/operationresults/${name}?${query}`,
    "Azure-AsyncOperation": `${ctx.baseUrl}${statusPath(subscriptionId, name)}?${query}`,
    "Retry-After": "0",
  };
}

function findOperation(ctx: ArmContext, scope: ResourceId, name: string | undefined): Operation {
  requireSubscription(ctx, scope.subscriptionId);
  const operation = name === undefined ? undefined : ctx.services.store.get<Operation>(COLLECTION, name.toLowerCase());
  if (operation === undefined || operation.subscriptionId.toLowerCase() !== scope.subscriptionId?.toLowerCase()) {
    throw armErrors.operationNotFound(name ?? "");
  }
  return operation;
}

/** `GET /subscriptions/{s}/operationresults/{op}`: the Location poll. */
export const operationResultsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/operationresults",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx, parent) {
    const rest = ctx.path.kind === "collection" ? ctx.path.rest : [];
    findOperation(ctx, parent, rest.length === 1 ? rest[0] : undefined);
    return { status: 200 };
  },
};

/** `GET /subscriptions/{s}/providers/Microsoft.Resources/operationStatuses/{op}`: the Azure-AsyncOperation poll. */
export const operationStatusesHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/operationStatuses",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  get(ctx, id) {
    const operation = findOperation(ctx, id.parent!, id.name);
    return {
      status: 200,
      body: {
        id: statusPath(operation.subscriptionId, operation.name),
        name: operation.name,
        status: operation.status,
        startTime: operation.startTime,
        endTime: operation.endTime,
      },
    };
  },
};
