/**
 * Long-running operations of Resource Manager (deleting a resource group). azmi finishes the
 * work inside the request, then answers 202 with the polling header Azure sends, pointing at
 * an operation already Succeeded, with `Retry-After: 0` so no client waits (az waits 30 s per
 * poll without it):
 *   Location  {base}/subscriptions/{s}/operationresults/{op}?api-version=…
 *             → 200 (done), as Azure's operationresults endpoint answers.
 * Azure sends no Azure-AsyncOperation for a group delete (azure-rest-api-specs issue 26717:
 * "Location" is the only way to track it), so neither does azmi; the operationStatuses
 * endpoint stays for operations recorded by older versions.
 * The URL uses the host the client called (management.azure.com through the proxy) and the
 * request's api-version. Operations are stored, so a poll after a restart still answers.
 *
 * Polling needs `Microsoft.Resources/subscriptions/operationresults/read` at the subscription
 * (Reader and Contributor there grant it), except for the principal that started the
 * operation: its role at the deleted group went with the group, and on Azure an identity with
 * Contributor on its own group deletes it and polls to the end.
 */
import { randomUUID } from "node:crypto";
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler, RoleFreeRequest } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { requireSubscription } from "./scope-checks.js";

interface Operation {
  readonly name: string;
  readonly subscriptionId: string;
  readonly status: "Succeeded";
  readonly startTime: string;
  readonly endTime: string;
  /** Object id of the caller that started it. */
  readonly initiatedBy?: string;
}

const COLLECTION = "resourceManagerOperations";

const statusPath = (subscriptionId: string, name: string) => `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/operationStatuses/${name}`;

/** Records a finished operation and answers the 202 headers that point at it. */
export function completedOperationHeaders(ctx: ArmContext, subscriptionId: string, job: string, startTime: string): Record<string, string> {
  // Opaque like Azure's (base64 of a job description), unique per operation.
  const name = Buffer.from(JSON.stringify({ jobId: `${job}-${randomUUID()}` }), "utf8").toString("base64url");
  const operation: Operation = { name, subscriptionId, status: "Succeeded", startTime, endTime: new Date().toISOString(), initiatedBy: ctx.caller.objectId };
  ctx.services.store.put(COLLECTION, name.toLowerCase(), operation);
  const query = `api-version=${encodeURIComponent(ctx.apiVersion)}`;
  return {
    Location: `${ctx.baseUrl}/subscriptions/${subscriptionId}/operationresults/${name}?${query}`,
    "Retry-After": "0",
  };
}

/** True when `objectId` started the operation a poll path names (it may poll without a role). */
function pollOfOwnOperation(request: RoleFreeRequest, name: string | undefined): boolean {
  if (name === undefined) return false;
  const operation = request.services.store.get<Operation>(COLLECTION, name.toLowerCase());
  return operation?.initiatedBy !== undefined && operation.initiatedBy.toLowerCase() === request.callerObjectId.toLowerCase();
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
  allowsWithoutRole(request) {
    const rest = request.path.kind === "collection" ? request.path.rest : [];
    return rest.length === 1 && pollOfOwnOperation(request, rest[0]);
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
  allowsWithoutRole: (request) => request.path.kind === "instance" && pollOfOwnOperation(request, request.path.id.name),
};
