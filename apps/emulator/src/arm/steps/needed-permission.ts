/**
 * The action a request needs and where, read from the exchange once the route is known: what
 * the RBAC step (strict mode) and the deny-assignment step (every mode) both decide on.
 */
import { requiredPermission, type RequiredPermission } from "../actions.js";
import type { HttpMethod } from "../contract.js";
import type { ArmExchange } from "../exchange.js";

export function neededPermission(exchange: ArmExchange): RequiredPermission | null {
  const route = exchange.route!;
  return requiredPermission({
    method: exchange.request.method as HttpMethod,
    resourceType: route.resourceType,
    target: route.target,
    action: route.action,
    // An instance action is answered by the handler of the instance's own type (dispatch.ts).
    postedTo: route.versionType.toLowerCase() === route.target.resourceType?.toLowerCase() ? "instance" : "collection",
  });
}
