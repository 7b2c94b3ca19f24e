/**
 * Deny assignments, in every auth mode and before any role is looked at: like a lock, a deny
 * assignment protects a resource even from an Owner, and permissive mode does not lift it. The
 * decision is @azmi/rbac's (decideDeny); a refusal is ARM's 403 DenyAssignmentAuthorizationFailed
 * naming the deny assignment, explained in x-azmi-authorization. Deleting a scope deletes what is
 * beneath it, so a delete is also put to the deny assignments sitting below its target, each
 * asked for the delete of its own scope (a stack's protected identity stops its group's delete).
 */
import { armErrors, parseResourceId } from "@azmi/arm-core";
import { decideDeny, denyAssignmentIdAt, type DenyAssignment, type DenyDecision } from "@azmi/rbac";
import { requiredPermission, type RequiredPermission } from "../actions.js";
import type { ArmExchange } from "../exchange.js";
import { AUTHORIZATION_HEADER } from "./authorize.js";
import { neededPermission } from "./needed-permission.js";

export function checkDenyAssignments(exchange: ArmExchange): void {
  const needed = neededPermission(exchange);
  if (needed === null) return;
  const denies = exchange.services.rbac.denyAssignments;
  const principalId = exchange.caller!.objectId;
  const refuse = (decision: DenyDecision, asked: RequiredPermission) => {
    if (decision.deniedBy !== undefined) throw refusal(exchange, decision.deniedBy, asked);
  };
  refuse(decideDeny(denies, { principalId, operation: needed.action, scope: needed.scope }), needed);
  if (exchange.request.method !== "DELETE") return;
  for (const below of denies.below(needed.scope)) {
    const asked = deleteOf(below);
    if (asked !== null) refuse(decideDeny(denies, { principalId, operation: asked.action, scope: asked.scope }), asked);
  }
}

/** The delete of the scope a deny assignment sits on. */
function deleteOf(deny: DenyAssignment): RequiredPermission | null {
  const scope = parseResourceId(deny.scope);
  if (scope.resourceType === undefined) return null;
  return requiredPermission({ method: "DELETE", resourceType: scope.resourceType, target: scope, action: undefined });
}

function refusal(exchange: ArmExchange, deny: DenyAssignment, asked: RequiredPermission) {
  const caller = exchange.caller!;
  const modeNote = exchange.services.config.authMode === "permissive" ? " (deny assignments apply in permissive mode too)" : "";
  const explanation = `denied by the deny assignment '${deny.denyAssignmentName}' (${denyAssignmentIdAt(deny.scope, deny.name)}) at '${deny.scope}': it covers ${asked.action} at ${asked.scope.id}${modeNote}`;
  exchange.responseHeaders[AUTHORIZATION_HEADER] = explanation.replace(/[^\x20-\x7e]/g, "?");
  console.warn(`azmi: denied ${exchange.request.method} ${exchange.request.path} to ${caller.objectId}: ${explanation}`);
  return armErrors.denyAssignmentAuthorizationFailed(caller.clientId, caller.objectId, asked.action, asked.scope.id, deny);
}
