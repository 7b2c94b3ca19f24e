/**
 * The one table of which RBAC action each ARM operation needs (strict mode). An operation is
 * the HTTP method, the type the path addresses and, for a POST, the action segment:
 *
 *   GET / HEAD  instance or collection   {type}/read
 *   PUT / PATCH instance                 {type}/write
 *   DELETE      instance                 {type}/delete
 *   POST        {instance}/{action}      {type of the instance}/{action}/action
 *   POST        collection (no instance) {type}/action           e.g. Microsoft.Web/checknameavailability/action
 *   POST        providers/{ns}/register  {ns}/register/action
 *
 * where {type} is the operation type Azure uses in role definitions, which for the
 * Microsoft.Resources keyword collections differs from the path's type (a resource group is
 * Microsoft.Resources/subscriptions/resourceGroups). Rows below the generic rule name the
 * exceptions; `null` means Azure does not authorize that operation by role (it filters, or
 * every signed-in caller may do it).
 */
import type { ResourceId } from "@azmi/arm-core";
import type { HttpMethod } from "./contract.js";
import { PROVIDERS_RESOURCE_TYPE } from "./handler-registry.js";

/** Path types whose role-definition operation type is spelled differently. */
const OPERATION_TYPES: Readonly<Record<string, string>> = {
  "microsoft.resources/subscriptions": "Microsoft.Resources/subscriptions",
  "microsoft.resources/resourcegroups": "Microsoft.Resources/subscriptions/resourceGroups",
  "microsoft.resources/locations": "Microsoft.Resources/subscriptions/locations",
  "microsoft.resources/providers": "Microsoft.Resources/subscriptions/providers",
  "microsoft.resources/tagnames": "Microsoft.Resources/subscriptions/tagNames",
};

/** Operations any authenticated caller may perform: ARM lists what the caller may see instead of refusing. */
const UNCHECKED: ReadonlyArray<{ method: "GET"; resourceType: string; at: "tenant" }> = [
  { method: "GET", resourceType: "microsoft.resources/subscriptions", at: "tenant" },
  { method: "GET", resourceType: "microsoft.resources/tenants", at: "tenant" },
  { method: "GET", resourceType: "microsoft.resources/providers", at: "tenant" },
];

export interface OperationRequest {
  readonly method: HttpMethod;
  /** The type the path addresses (Route.resourceType). */
  readonly resourceType: string;
  /** The instance acted on (Route.target). */
  readonly target: ResourceId;
  /** The POST action segment, if any (Route.action). */
  readonly action: string | undefined;
  /** For a POST: to an instance's action (`sites/x/restart`), or to a collection path (`providers/Microsoft.Web/checknameavailability`). */
  readonly postedTo?: "instance" | "collection";
}

export interface RequiredPermission {
  readonly action: string;
  /** Where the action is checked: the instance acted on (for a collection: its parent). */
  readonly scope: ResourceId;
}

/** The resource-group-scoped `resources` collection is Microsoft.Resources/subscriptions/resourceGroups/resources. */
function operationType(resourceType: string, target: ResourceId): string {
  const lower = resourceType.toLowerCase();
  if (lower === "microsoft.resources/resources") {
    return target.kind === "resourceGroup" ? "Microsoft.Resources/subscriptions/resourceGroups/resources" : "Microsoft.Resources/subscriptions/resources";
  }
  return OPERATION_TYPES[lower] ?? resourceType;
}

export function requiredPermission(operation: OperationRequest): RequiredPermission | null {
  const { method, resourceType, target, action } = operation;
  const lower = resourceType.toLowerCase();
  if (UNCHECKED.some((u) => u.method === method && u.resourceType === lower && target.kind === u.at)) return null;
  switch (method) {
    case "GET":
    case "HEAD":
      return { action: `${operationType(resourceType, target)}/read`, scope: target };
    case "PUT":
    case "PATCH":
      return { action: `${operationType(resourceType, target)}/write`, scope: target };
    case "DELETE":
      return { action: `${operationType(resourceType, target)}/delete`, scope: target };
    case "POST": {
      if (target.resourceType === PROVIDERS_RESOURCE_TYPE && action !== undefined) {
        return { action: `${target.name}/${action}/action`, scope: target.parent ?? target };
      }
      if (action !== undefined && operation.postedTo === "instance" && target.resourceType !== undefined) {
        return { action: `${operationType(target.resourceType, target)}/${action}/action`, scope: target };
      }
      return { action: `${operationType(resourceType, target)}/action`, scope: target };
    }
  }
}
