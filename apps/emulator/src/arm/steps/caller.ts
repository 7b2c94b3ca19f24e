/**
 * Step 6: who is calling, from the bearer token (tokens/bearer-verification.ts, shared with
 * Graph). Without claims (permissive mode, no token or garbage) the caller is anonymous. A
 * strict-mode rejection is ARM's 401: AuthenticationFailed without a token,
 * ExpiredAuthenticationToken, InvalidAuthenticationTokenAudience, InvalidAuthenticationTokenTenant
 * for a token of another tenant, or InvalidAuthenticationToken for anything else, a foreign
 * signature or a revoked token (revokeTokens) included; each with ARM's WWW-Authenticate challenge naming where to get a token.
 */
import type { JWTPayload } from "jose";
import { armErrors, type ArmError } from "@azmi/arm-core";
import { v1Issuer, type TokenRejection } from "@azmi/identity";
import type { Caller } from "../../contract/caller.js";
import { advertisedTo, bearerClaims, type BearerClaims } from "../../tokens/bearer-verification.js";
import { revokedMessage } from "../../tokens/revoked-message.js";
import type { ArmExchange } from "../exchange.js";

export const ANONYMOUS_PRINCIPAL_ID = "00000000-0000-0000-0000-000000000000";

export function identifyCaller(exchange: ArmExchange): void | Promise<void> {
  const outcome = bearerClaims(exchange.services, exchange.request.headers.authorization, { service: "resourceManager", origin: exchange.request.baseUrl });
  if (outcome instanceof Promise) {
    return outcome.then((settled) => {
      exchange.caller = callerOf(settled, exchange);
    });
  }
  exchange.caller = callerOf(outcome, exchange);
}

function callerOf(outcome: BearerClaims, exchange: ArmExchange): Caller {
  const tenantId = exchange.services.config.tenantId;
  if (!outcome.ok) {
    const login = advertisedTo(exchange.request.baseUrl).urls.login;
    const error = rejection(outcome, tenantId, login);
    exchange.responseHeaders["www-authenticate"] = challenge(outcome, error, tenantId, login);
    throw error;
  }
  if (outcome.claims === undefined) return { objectId: ANONYMOUS_PRINCIPAL_ID, clientId: ANONYMOUS_PRINCIPAL_ID, tenantId, authenticated: false };
  return callerFromClaims(outcome.claims, tenantId);
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

function rejection(verdict: TokenRejection, tenantId: string, login: string): ArmError {
  switch (verdict.reason) {
    case "missing":
      return armErrors.authenticationFailed();
    case "expired":
      return armErrors.expiredAuthenticationToken(verdict.expiredAt, verdict.now);
    case "audience":
      return armErrors.invalidAuthenticationTokenAudience(verdict.audience, verdict.allowed);
    case "tenant":
      return armErrors.invalidAuthenticationTokenTenant(verdict.issuer, v1Issuer(tenantId), `${login}${tenantId}`);
    case "issuer":
      return armErrors.invalidAuthenticationToken(`The token's issuer '${verdict.issuer}' is not this tenant's token service.`);
    case "signature":
      return armErrors.invalidAuthenticationToken("The token is not signed by a key azmi issued (see /common/discovery/keys).");
    case "notYetValid":
      return armErrors.invalidAuthenticationToken("The token is not yet valid.");
    case "claims":
      return armErrors.invalidAuthenticationToken(`The token lacks a claim Entra sets: ${verdict.detail}`);
    case "malformed":
      return armErrors.invalidAuthenticationToken("The token could not be decoded.");
    case "revoked":
      return armErrors.invalidAuthenticationToken(revokedMessage(verdict));
  }
}

/**
 * ARM's challenge on a 401: where to get a token (this tenant's authority once the token named
 * the wrong one, as az and the SDKs read it to find a subscription's tenant), and why.
 */
function challenge(verdict: TokenRejection, error: ArmError, tenantId: string, login: string): string {
  const authority = verdict.reason === "tenant" ? `${login}${tenantId}` : login;
  const description =
    verdict.reason === "missing"
      ? "The authentication failed because of missing 'Authorization' header."
      : verdict.reason === "tenant"
        ? "The access token is from the wrong issuer. It must match the tenant associated with this subscription. Please use correct authority to get the token."
        : error.message;
  return `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description.replace(/["\\]/g, "'")}"`;
}
