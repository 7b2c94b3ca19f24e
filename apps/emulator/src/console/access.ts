/**
 * The question behind the access page and GET /_azmi/access: may this principal perform this
 * operation at this scope? Answered by the evaluator strict mode uses (@azmi/rbac explainAccess)
 * the deny assignments and the lock rule (@azmi/arm-core), so the console says exactly what a
 * request would meet.
 * Bad input is an ARM error (BadRequest, InvalidResourceId, the scope's NotFound code).
 */
import { armErrors, lockOperationOfAction, parseResourceId } from "@azmi/arm-core";
import { decideDeny, denyAssignmentIdAt, explainAccess, knownOperations, type OperationKind } from "@azmi/rbac";
import type { Services } from "../services.js";
import type { AccessAnswer } from "./pages/access.js";
import type { ConsoleReads } from "./reads.js";

export interface AccessRequest {
  readonly principal: string;
  readonly action: string;
  readonly scope: string;
  readonly kind?: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPERATION = /^[A-Za-z0-9.]+\/[A-Za-z0-9./*-]+$/;

/** A principal named by object id or by client id (appId), resolved through Graph. */
export function resolvePrincipal(reads: ConsoleReads, principal: string): { objectId: string; displayName: string | undefined } {
  const byId = reads.graph<{ id: string; displayName?: string }>(`directoryObjects/${principal}`);
  if (byId.ok) return { objectId: byId.value.id, displayName: byId.value.displayName };
  const byAppId = reads.graph<{ id: string; displayName?: string }>(`servicePrincipals(appId='${principal.replace(/'/g, "''")}')`);
  if (byAppId.ok) return { objectId: byAppId.value.id, displayName: byAppId.value.displayName };
  // Not in the directory: RBAC still answers for the id (an assignment may name a deleted principal).
  return { objectId: principal, displayName: undefined };
}

export function answerAccess(services: Services, reads: ConsoleReads, request: AccessRequest): AccessAnswer {
  const principal = request.principal.trim();
  const action = request.action.trim();
  const scopeText = request.scope.trim();
  if (principal === "" || action === "" || scopeText === "")
    throw armErrors.badRequest("Give principal, action and scope: the principal's object or client id, an operation name and a scope id.");
  if (!GUID.test(principal)) throw armErrors.badRequest(`The principal '${principal}' is not a GUID (an object id or a client id).`);
  if (!OPERATION.test(action)) throw armErrors.badRequest(`The action '${action}' is not an operation name such as Microsoft.Web/sites/write.`);
  const scope = services.rbac.requireScope(parseResourceId(scopeText));
  const kind = operationKind(services, action, request.kind);
  const who = resolvePrincipal(reads, principal);
  const explanation = explainAccess(services.rbac.evaluator, services.rbac.catalogue, { principalId: who.objectId, operation: action, kind, scope });
  const lockOperation = kind === "dataAction" ? "none" : lockOperationOfAction(action);
  const decision = services.locks.decideOperation(scope, lockOperation);
  const denies = decideDeny(services.rbac.denyAssignments, { principalId: who.objectId, operation: action, kind, scope }).considered.filter((c) => c.denied);
  return {
    denyAssignments: denies.map(({ deny }) => ({
      id: denyAssignmentIdAt(deny.scope, deny.name),
      denyAssignmentName: deny.denyAssignmentName,
      scope: deny.scope,
    })),
    principalName: who.displayName,
    explanation,
    locks: decision.allowed ? [] : decision.blocking.map((l) => ({ id: l.id, level: l.properties.level })),
    lockOperation,
    mode: services.config.authMode,
  };
}

/** Told, or guessed from the catalogue: a name only data roles mention is a data action. */
function operationKind(services: Services, action: string, given: string | undefined): OperationKind {
  if (given === "dataAction" || given === "action") return given;
  if (given !== undefined && given !== "") throw armErrors.badRequest(`The kind '${given}' is neither 'action' nor 'dataAction'.`);
  const known = knownOperations(services.rbac.catalogue);
  const lower = action.toLowerCase();
  const isData = known.dataActions.some((a) => a.toLowerCase() === lower);
  const isAction = known.actions.some((a) => a.toLowerCase() === lower);
  return isData && !isAction ? "dataAction" : "action";
}
