/**
 * Graph's authorization step: the operation a route is (routes.ts) is decided by @azmi/identity's
 * permission table from what the caller's token grants and, where ownership counts, whether it
 * owns the object the path names. Strict mode refuses with Graph's 403 Authorization_RequestDenied;
 * permissive mode lets every request through but says what strict mode would decide. Either way
 * the decision is in the x-azmi-authorization header, and a refusal in one log line.
 */
import { graphErrors, isGraphError } from "@azmi/graph-odata";
import { decideGraphOperation, type GraphDecision } from "@azmi/identity";
import type { MatchedRoute } from "./dispatch.js";
import { findEntity } from "./entity-sets.js";
import type { GraphRequest } from "./request.js";

export const AUTHORIZATION_HEADER = "x-azmi-authorization";

function ownsTarget(request: GraphRequest, matched: MatchedRoute): boolean {
  const set = matched.route.owned;
  const callerId = request.caller.objectId;
  if (set === undefined || callerId === undefined) return false;
  try {
    return request.services.directory.owners.owns(callerId, findEntity(request, set, matched.key).id);
  } catch (error) {
    // An object that does not exist has no owners; the handler answers its 404 if the caller may go on.
    if (isGraphError(error)) return false;
    throw error;
  }
}

export function decideGraphRequest(request: GraphRequest, matched: MatchedRoute): GraphDecision {
  return decideGraphOperation(matched.route.operation, request.caller, () => ownsTarget(request, matched));
}

/** The header value: header-safe ASCII on one line. */
export function authorizationHeader(decision: GraphDecision, strict: boolean): string {
  const verdict = strict
    ? decision.allowed
      ? "allowed"
      : "denied"
    : decision.allowed
      ? "permissive mode; strict mode would allow"
      : "permissive mode; would be refused in strict mode";
  return `${verdict}: ${decision.reason}`.replace(/[^\x20-\x7e]/g, "?");
}

/** Decides, records the decision in `headers`, and in strict mode throws Graph's 403 on a refusal. */
export function authorizeGraphRequest(request: GraphRequest, matched: MatchedRoute, headers: Record<string, string>): void {
  const strict = request.services.config.authMode === "strict";
  const decision = decideGraphRequest(request, matched);
  headers[AUTHORIZATION_HEADER] = authorizationHeader(decision, strict);
  if (decision.allowed || !strict) return;
  console.warn(`azmi graph: denied ${request.method} /${request.version}/${request.path} to ${request.caller.objectId ?? "(no token)"}: ${decision.reason}`);
  throw graphErrors.authorizationDenied();
}
