/**
 * Authorization of a data-plane operation (@azmi/keyvault decideDataAccess: RBAC data actions or
 * access policies). Decided in both modes; the decision goes in x-azmi-authorization. Strict mode
 * refuses as Key Vault does (403 Forbidden, ForbiddenByRbac or AccessDenied); permissive mode lets
 * the operation run and says what strict mode would have decided.
 */
import { decideDataAccess, type RbacVerdict } from "@azmi/keyvault";
import { parseResourceId } from "@azmi/arm-core";
import { decideDeny, denyAssignmentIdAt } from "@azmi/rbac";
import { explainDenial } from "../arm/steps/authorize.js";
import type { Services } from "../services.js";
import type { VaultExchange } from "./exchange.js";

export const AUTHORIZATION_HEADER = "x-azmi-authorization";

export function authorizeVaultOperation(exchange: VaultExchange): void {
  const { services } = exchange;
  const { route, params } = exchange.route!;
  const itemParam = route.handler.itemParam;
  const decision = decideDataAccess({
    vault: exchange.vault!,
    operation: route.handler.operation,
    ...(itemParam === undefined ? {} : { itemName: params[itemParam]! }),
    caller: exchange.caller!,
    checkRbac: (principalId, dataAction, scopeId) => rbacVerdict(services, principalId, dataAction, scopeId),
  });
  const strict = services.config.authMode === "strict";
  const model = decision.model === "rbac" ? "Azure RBAC" : "access policies";
  const verdict = decision.allowed
    ? strict
      ? `allowed by ${model}`
      : `permissive mode; strict mode would allow (${model})`
    : strict
      ? `denied by ${model}: ${decision.explanation}`
      : `permissive mode; would be refused in strict mode by ${model}: ${decision.explanation}`;
  exchange.responseHeaders[AUTHORIZATION_HEADER] = verdict.replace(/[^\x20-\x7e]/g, "?");
  if (decision.allowed || !strict) return;
  console.warn(`azmi key vault: denied ${exchange.method} ${exchange.vaultName}${exchange.path} to ${exchange.caller!.objectId}: ${decision.explanation}`);
  throw decision.error;
}

function rbacVerdict(services: Services, principalId: string, dataAction: string, scopeId: string): RbacVerdict {
  const scope = parseResourceId(scopeId);
  // Deny assignments first, as for ARM: they win over any role.
  const { deniedBy } = decideDeny(services.rbac.denyAssignments, { principalId, operation: dataAction, kind: "dataAction", scope });
  if (deniedBy !== undefined) {
    return {
      allowed: false,
      explanation: `denied by the deny assignment '${deniedBy.denyAssignmentName}' (${denyAssignmentIdAt(deniedBy.scope, deniedBy.name)}) at '${deniedBy.scope}'`,
      denyAssignmentId: deniedBy.name,
    };
  }
  const decision = services.rbac.evaluator.check({ principalId, operation: dataAction, kind: "dataAction", scope });
  return { allowed: decision.allowed, explanation: decision.allowed ? "granted" : explainDenial(decision, dataAction, scopeId) };
}
