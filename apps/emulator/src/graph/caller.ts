/**
 * Who calls Graph, from the bearer token (tokens/bearer-verification.ts, shared with ARM). No
 * claims (permissive mode without a token) is the anonymous caller; a strict-mode rejection is
 * Graph's 401 InvalidAuthenticationToken.
 */
import type { JWTPayload } from "jose";
import { type GraphGrants, type TokenRejection } from "@azmi/identity";
import { graphErrors } from "@azmi/graph-odata";
import type { Services } from "../services.js";
import { bearerClaims } from "../tokens/bearer-verification.js";

/**
 * The caller and what its token grants (GraphGrants: `roles`, `scp`, `wids`), which Graph
 * authorizes from, as Entra's resource servers do: a grant made after the token was issued
 * counts from the next token on.
 */
export type GraphCaller = GraphGrants;

const anonymous: GraphCaller = { objectId: undefined, delegated: false, roles: [], scopes: [], wids: [] };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function fromClaims(claims: JWTPayload): GraphCaller {
  const oid = typeof claims["oid"] === "string" ? claims["oid"] : typeof claims.sub === "string" ? claims.sub : undefined;
  const delegated = typeof claims["scp"] === "string" || claims["idtyp"] === "user";
  const scopes = typeof claims["scp"] === "string" ? claims["scp"].split(" ").filter((s) => s !== "") : [];
  return { objectId: oid, delegated, roles: strings(claims["roles"]), scopes, wids: strings(claims["wids"]) };
}

/** `origin` is scheme://host[:port] of the request: the audiences accepted are those advertised there. */
export async function identifyGraphCaller(services: Services, authorization: string | undefined, origin: string): Promise<GraphCaller> {
  const outcome = await bearerClaims(services, authorization, { service: "graph", origin });
  if (!outcome.ok) throw rejection(outcome);
  return outcome.claims === undefined ? anonymous : fromClaims(outcome.claims);
}

function rejection(verdict: TokenRejection) {
  switch (verdict.reason) {
    case "missing":
      return graphErrors.invalidAuthenticationToken("Access token is empty.");
    case "expired":
      return graphErrors.invalidAuthenticationToken("Lifetime validation failed, the token is expired.");
    case "audience":
      return graphErrors.invalidAuthenticationToken("Access token validation failure. Invalid audience.");
    case "tenant":
    case "issuer":
      return graphErrors.invalidAuthenticationToken("Access token validation failure. Invalid issuer.");
    case "revoked":
      return graphErrors.invalidAuthenticationToken("Access token has been revoked.");
    default:
      return graphErrors.invalidAuthenticationToken("Access token validation failure.");
  }
}
