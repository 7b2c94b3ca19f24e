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
import type { HttpMethod, ResourceTypeHandler } from "./contract.js";
import { PROVIDERS_RESOURCE_TYPE } from "./handler-registry.js";

/** Path types whose role-definition operation type is spelled differently. */
const OPERATION_TYPES: Readonly<Record<string, string>> = {
  "microsoft.resources/subscriptions": "Microsoft.Resources/subscriptions",
  "microsoft.resources/resourcegroups": "Microsoft.Resources/subscriptions/resourceGroups",
  "microsoft.resources/locations": "Microsoft.Resources/subscriptions/locations",
  "microsoft.resources/providers": "Microsoft.Resources/subscriptions/providers",
  "microsoft.resources/tagnames": "Microsoft.Resources/subscriptions/tagNames",
  // The Location poll of a resource group delete: built-in roles grant it (Reader: */read).
  "microsoft.resources/operationresults": "Microsoft.Resources/subscriptions/operationresults",
};

/**
 * POSTs to a collection path whose action Azure spells otherwise than `{type}/action`
 * (lower-case type → action).
 */
const COLLECTION_POST_ACTIONS: Readonly<Record<string, string>> = {
  "microsoft.keyvault/checknameavailability": "Microsoft.KeyVault/checkNameAvailability/read",
};

/**
 * Operations any authenticated caller may perform: ARM lists what the caller may see instead of
 * refusing (a subscription the caller holds no role in is "not found", see subscriptions.ts).
 */
const UNCHECKED: ReadonlyArray<{ method: "GET"; resourceType: string; at: "tenant" | "subscription" }> = [
  { method: "GET", resourceType: "microsoft.resources/subscriptions", at: "tenant" },
  { method: "GET", resourceType: "microsoft.resources/subscriptions", at: "subscription" },
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
  // `GET /providers/{namespace}/operations`: public, as on Azure.
  if (method === "GET" && target.kind === "tenant" && lower.endsWith("/operations") && lower.split("/").length === 2) return null;
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
      return { action: COLLECTION_POST_ACTIONS[lower] ?? `${operationType(resourceType, target)}/action`, scope: target };
    }
  }
}

/** One operation a handler serves, as `GET /providers/{ns}/operations` lists it. */
export interface ServedOperation {
  readonly action: string;
  readonly resourceType: string;
  readonly verb: "read" | "write" | "delete" | "action";
}

/**
 * The actions a handler's methods need, computed by requiredPermission itself so the
 * operation list and strict mode can never disagree. A collection-scoped type (e.g. the
 * `resources` lists) is asked at its usual scope.
 */
export function servedOperations(handler: ResourceTypeHandler): ServedOperation[] {
  const type = handler.resourceType;
  const namespace = type.split("/")[0]!;
  const target: ResourceId = Object.freeze({
    id: `/providers/${type}/x`,
    key: `/providers/${type}/x`.toLowerCase(),
    kind: "resource",
    namespace,
    resourceType: type,
    name: "x",
  });
  const out = new Map<string, ServedOperation>();
  const inGroup: ResourceId = Object.freeze({ ...target, kind: "resourceGroup" });
  const add = (verb: ServedOperation["verb"], method: HttpMethod, action?: string, postedTo?: "instance" | "collection", at = target) => {
    const needed = requiredPermission({ method, resourceType: type, target: at, action, ...(postedTo === undefined ? {} : { postedTo }) });
    if (needed !== null && !out.has(needed.action.toLowerCase())) out.set(needed.action.toLowerCase(), { action: needed.action, resourceType: type, verb });
  };
  if (handler.get !== undefined || handler.list !== undefined) {
    add("read", "GET");
    // The `resources` lists are a different operation in a group than in a subscription.
    add("read", "GET", undefined, undefined, inGroup);
  }
  if (handler.put !== undefined || handler.patch !== undefined) add("write", "PUT");
  if (handler.delete !== undefined) add("delete", "DELETE");
  // Register/unregister are each namespace's own actions: see registrationOperations.
  if (type !== PROVIDERS_RESOURCE_TYPE) for (const action of Object.keys(handler.actions ?? {})) add("action", "POST", action, "instance");
  if (handler.post !== undefined) add("action", "POST", type.split("/").at(-1), "collection");
  return [...out.values()];
}

/** `{namespace}/register/action`, which every namespace lists (its registration, posted to the providers collection). */
export function registrationOperation(namespace: string): ServedOperation {
  const id = `/providers/${namespace}`;
  const target: ResourceId = Object.freeze({ id, key: id.toLowerCase(), kind: "resource", resourceType: PROVIDERS_RESOURCE_TYPE, name: namespace });
  const needed = requiredPermission({ method: "POST", resourceType: `${namespace}/register`, target, action: "register" })!;
  return { action: needed.action, resourceType: namespace, verb: "action" };
}
