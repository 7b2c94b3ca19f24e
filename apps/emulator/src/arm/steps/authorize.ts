/**
 * Step 7: RBAC. In permissive mode every caller may do everything. In strict mode the action
 * the operation needs comes from the one table in ../actions.ts, and the RBAC evaluator decides
 * whether the caller's assignments at or above the target scope allow it. A denial is ARM's
 * 403 AuthorizationFailed, explained (which assignments were considered, and why none allowed
 * it) in the x-azmi-authorization response header and one log line.
 */
import { armErrors } from "@azmi/arm-core";
import type { PermissionDecision } from "@azmi/rbac";
import { requiredPermission } from "../actions.js";
import type { HttpMethod } from "../contract.js";
import type { ArmExchange } from "../exchange.js";

export const AUTHORIZATION_HEADER = "x-azmi-authorization";

export function authorize(exchange: ArmExchange): void {
  const { services } = exchange;
  if (services.config.authMode === "permissive") return;
  const route = exchange.route!;
  const caller = exchange.caller!;
  const needed = requiredPermission({
    method: exchange.request.method as HttpMethod,
    resourceType: route.resourceType,
    target: route.target,
    action: route.action,
    // An instance action is answered by the handler of the instance's own type (dispatch.ts).
    postedTo: route.versionType.toLowerCase() === route.target.resourceType?.toLowerCase() ? "instance" : "collection",
  });
  if (needed === null) return;
  const decision = services.rbac.evaluator.check({ principalId: caller.objectId, operation: needed.action, scope: needed.scope });
  if (decision.allowed) return;
  const explanation = explainDenial(decision, needed.action);
  exchange.responseHeaders[AUTHORIZATION_HEADER] = explanation;
  console.warn(
    `azmi: denied ${exchange.request.method} ${exchange.request.path} to ${caller.objectId} (client ${caller.clientId}): ${needed.action} at ${needed.scope.id}: ${explanation}`,
  );
  throw armErrors.authorizationFailed(caller.clientId, caller.objectId, needed.action, needed.scope.id);
}

/** One line, header-safe (ASCII, no newlines): what was considered and why each did not allow the action. */
export function explainDenial(decision: PermissionDecision, action: string): string {
  if (decision.considered.length === 0) return `no role assignment of this principal applies at this scope or above; none can allow ${action}`;
  const parts = decision.considered.map((c) => {
    const role = c.roleName ?? c.assignment.roleDefinitionGuid;
    return `'${role}' at '${c.assignment.scope}' (${c.assignment.name}): ${c.reason}`;
  });
  return `considered ${decision.considered.length} assignment(s), none allows ${action}: ${parts.join("; ")}`.replace(/[^\x20-\x7e]/g, "?");
}
