/**
 * Who calls Graph. Permissive mode (the default) reads the bearer token's claims without
 * verifying them, and accepts no token at all. Strict mode wants a token azmi signed for
 * Microsoft Graph, else Graph's 401 InvalidAuthenticationToken.
 */
import { decodeJwt, type JWTPayload } from "jose";
import { GRAPH_AUDIENCES } from "@azmi/identity";
import { graphErrors } from "@azmi/graph-odata";
import type { Services } from "../services.js";
import { bearerToken, verifyBearer } from "../tokens/bearer-verification.js";

export interface GraphCaller {
  /** The token's oid; undefined without a token. */
  readonly objectId: string | undefined;
  /** A user signed in (delegated token: a `scp` claim, or idtyp "user"), as opposed to an app-only token. */
  readonly delegated: boolean;
}

const anonymous: GraphCaller = { objectId: undefined, delegated: false };

function fromClaims(claims: JWTPayload): GraphCaller {
  const oid = typeof claims["oid"] === "string" ? claims["oid"] : typeof claims.sub === "string" ? claims.sub : undefined;
  const delegated = typeof claims["scp"] === "string" || claims["idtyp"] === "user";
  return { objectId: oid, delegated };
}

export async function identifyGraphCaller(services: Services, authorization: string | undefined): Promise<GraphCaller> {
  const token = bearerToken(authorization);
  if (services.config.authMode !== "strict") {
    if (token === undefined) return anonymous;
    try {
      return fromClaims(decodeJwt(token));
    } catch {
      return anonymous;
    }
  }
  const verdict = await verifyBearer(services, token, GRAPH_AUDIENCES);
  if (verdict.ok) return fromClaims(verdict.claims);
  switch (verdict.reason) {
    case "missing":
      throw graphErrors.invalidAuthenticationToken("Access token is empty.");
    case "expired":
      throw graphErrors.invalidAuthenticationToken("Lifetime validation failed, the token is expired.");
    case "audience":
      throw graphErrors.invalidAuthenticationToken("Access token validation failure. Invalid audience.");
    default:
      throw graphErrors.invalidAuthenticationToken("Access token validation failure.");
  }
}
