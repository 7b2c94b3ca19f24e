/**
 * Step 6: who is calling. Permissive mode (the default) reads the bearer token's claims
 * without verifying it, and treats a request without a token (or with garbage) as the
 * anonymous caller. Strict mode verifies the token: see verifyCallerStrict.
 */
import { decodeJwt, type JWTPayload } from "jose";
import { armErrors } from "@azmi/arm-core";
import type { Caller } from "../contract.js";
import type { ArmExchange } from "../exchange.js";
import { ARM_AUDIENCES } from "@azmi/identity";
import { bearerToken, verifyBearer } from "../../tokens/bearer-verification.js";

export const ANONYMOUS_PRINCIPAL_ID = "00000000-0000-0000-0000-000000000000";

export function identifyCaller(exchange: ArmExchange): void | Promise<void> {
  if (exchange.services.config.authMode === "strict") return verifyCallerStrict(exchange);
  exchange.caller = permissiveCaller(exchange);
}

function permissiveCaller(exchange: ArmExchange): Caller {
  const tenantId = exchange.services.config.tenantId;
  const token = bearerToken(exchange.request.headers.authorization);
  const claims = token === undefined ? undefined : tryDecode(token);
  if (claims === undefined) return { objectId: ANONYMOUS_PRINCIPAL_ID, clientId: ANONYMOUS_PRINCIPAL_ID, tenantId, authenticated: false };
  return callerFromClaims(claims, tenantId);
}

export function callerFromClaims(claims: JWTPayload, defaultTenantId: string): Caller {
  const text = (name: string): string | undefined => (typeof claims[name] === "string" ? (claims[name] as string) : undefined);
  const objectId = text("oid") ?? text("sub") ?? ANONYMOUS_PRINCIPAL_ID;
  return {
    objectId,
    clientId: text("appid") ?? text("azp") ?? objectId,
    tenantId: text("tid") ?? defaultTenantId,
    authenticated: true,
  };
}

function tryDecode(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/**
 * Strict mode: the token must be one azmi signed (signature against its JWKS), within its
 * lifetime, and for Resource Manager; otherwise ARM's 401 (AuthenticationFailed without a
 * token, ExpiredAuthenticationToken, InvalidAuthenticationTokenAudience, or
 * InvalidAuthenticationToken for anything else, a foreign signature included).
 */
export async function verifyCallerStrict(exchange: ArmExchange): Promise<void> {
  const verdict = await verifyBearer(exchange.services, bearerToken(exchange.request.headers.authorization), ARM_AUDIENCES);
  if (verdict.ok) {
    exchange.caller = callerFromClaims(verdict.claims, exchange.services.config.tenantId);
    return;
  }
  switch (verdict.reason) {
    case "missing":
      throw armErrors.authenticationFailed();
    case "expired":
      throw armErrors.expiredAuthenticationToken(verdict.expiredAt, verdict.now);
    case "audience":
      throw armErrors.invalidAuthenticationTokenAudience(verdict.audience, verdict.allowed);
    case "signature":
      throw armErrors.invalidAuthenticationToken("The token is not signed by a key azmi issued (see /common/discovery/keys).");
    case "notYetValid":
      throw armErrors.invalidAuthenticationToken("The token is not yet valid.");
    case "malformed":
      throw armErrors.invalidAuthenticationToken("The token could not be decoded.");
  }
}
