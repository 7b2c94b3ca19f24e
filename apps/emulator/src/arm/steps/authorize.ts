/**
 * Step 7: RBAC. In permissive mode every caller may do everything. In strict mode the action
 * the operation needs comes from the one table in ../actions.ts, and the RBAC evaluator decides
 * whether the caller's assignments at or above the target scope allow it. A denial is ARM's
 * 403 AuthorizationFailed, explained (which assignments were considered, and why none allowed
 * it) in the x-azmi-authorization response header and one log line.
 */
import { armErrors } from "@azmi/arm-core";
import type { PermissionDecision, ScopedRequirement } from "@azmi/rbac";
import type { HttpMethod } from "../contract.js";
import type { ArmExchange } from "../exchange.js";
import { neededPermission } from "./needed-permission.js";

export const AUTHORIZATION_HEADER = "x-azmi-authorization";

export function authorize(exchange: ArmExchange): void {
  const { services } = exchange;
  const route = exchange.route!;
  const caller = exchange.caller!;
  if (services.config.authMode === "permissive") {
    explainFurther(exchange);
    return;
  }
  const needed = neededPermission(exchange);
  if (needed === null) return;
  if (route.handler.allowsWithoutRole?.({ services, path: exchange.parsedPath!, callerObjectId: caller.objectId }) === true) return;
  const attributes = route.handler.conditionAttributes?.({
    services,
    method: exchange.request.method as HttpMethod,
    target: route.target,
    body: exchange.body,
  });
  const decision = services.rbac.evaluator.check({
    principalId: caller.objectId,
    operation: needed.action,
    scope: needed.scope,
    ...(attributes ? { attributes } : {}),
  });
  if (!decision.allowed) refuse(exchange, decision, needed);
  const further = refusedFurther(exchange);
  if (further !== undefined) refuse(exchange, further.decision, further.requirement);
}

function refuse(exchange: ArmExchange, decision: PermissionDecision, needed: ScopedRequirement): never {
  const caller = exchange.caller!;
  const explanation = explainDenial(decision, needed.action, needed.scope.id);
  exchange.responseHeaders[AUTHORIZATION_HEADER] = explanation;
  console.warn(
    `azmi: denied ${exchange.request.method} ${exchange.request.path} to ${caller.objectId} (client ${caller.clientId}): ${needed.action} at ${needed.scope.id}: ${explanation}`,
  );
  throw armErrors.authorizationFailed(caller.clientId, caller.objectId, needed.action, needed.scope.id);
}

/** The first of the handler's further requirements (contract.ts) the caller is not allowed. */
function refusedFurther(exchange: ArmExchange): { requirement: ScopedRequirement; decision: PermissionDecision } | undefined {
  const route = exchange.route!;
  const further = route.handler.furtherRequirements?.({
    services: exchange.services,
    method: exchange.request.method as HttpMethod,
    target: route.target,
    body: exchange.body,
  });
  if (further === undefined || further.length === 0) return undefined;
  return exchange.services.rbac.evaluator.firstRefused(exchange.caller!.objectId, further);
}

/** Permissive mode lets the request through; where a handler asks more than the URL's action, the header says what strict mode would decide. */
function explainFurther(exchange: ArmExchange): void {
  if (exchange.route!.handler.furtherRequirements === undefined) return;
  const refused = refusedFurther(exchange);
  if (refused === undefined) return;
  exchange.responseHeaders[AUTHORIZATION_HEADER] =
    `permissive mode; would be refused in strict mode: ${explainDenial(refused.decision, refused.requirement.action, refused.requirement.scope.id)}`;
}

/** One line, header-safe (ASCII, no newlines): what was considered and why each did not allow the action. */
export function explainDenial(decision: PermissionDecision, action: string, scope: string): string {
  if (decision.considered.length === 0)
    return `no role assignment of this principal applies at ${scope} or above; none can allow ${action}`.replace(/[^\x20-\x7e]/g, "?");
  const parts = decision.considered.map((c) => {
    const role = c.roleName ?? c.assignment.roleDefinitionGuid;
    return `'${role}' at '${c.assignment.scope}' (${c.assignment.name}): ${c.reason}`;
  });
  return `considered ${decision.considered.length} assignment(s) reaching ${scope}, none allows ${action}: ${parts.join("; ")}`.replace(/[^\x20-\x7e]/g, "?");
}
