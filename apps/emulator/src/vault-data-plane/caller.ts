/**
 * Who is calling the data plane, from the bearer token, and the challenge Key Vault answers
 * without one. Both modes want a token meant for Key Vault (the SDKs learn tenant and scope from
 * the 401's WWW-Authenticate and only then send one); strict mode also verifies its signature
 * and lifetime, as ARM's caller step does. A token of another tenant than the vault's is refused.
 */
import type { JWTPayload } from "jose";
import { kvErrors, type DataCaller } from "@azmi/keyvault";
import { advertisedTo, verifyBearer } from "../tokens/bearer-verification.js";
import { requestBearer } from "../tokens/connection-bearer.js";
import { revokedMessage } from "../tokens/revoked-message.js";
import type { VaultExchange } from "./exchange.js";
import { VAULT_RESOURCE } from "./vault-audiences.js";

/** The challenge Key Vault sends: the login authority of the vault's tenant, and its resource. */
export function challengeOf(tenantId: string): string {
  return `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="${VAULT_RESOURCE}"`;
}

export function identifyVaultCaller(exchange: VaultExchange): void | Promise<void> {
  const tenantId = exchange.vault!.vault.properties.tenantId;
  const challenge = challengeOf(tenantId);
  const bearer = requestBearer(exchange.req);
  if (bearer === undefined) throw kvErrors.unauthorized("AKV10000: Request is missing a Bearer or PoP token.", challenge);
  if (exchange.services.config.authMode === "strict") {
    return verifyBearer(exchange.services, bearer.token, { service: "keyVault", origin: exchange.base }).then((verdict) => {
      if (verdict.ok) {
        exchange.caller = callerOf(verdict.claims, tenantId, challenge);
        return;
      }
      switch (verdict.reason) {
        case "audience":
          throw invalidAudience(verdict.audience, challenge);
        case "expired":
          throw kvErrors.unauthorized(`AKV10022: Token expired at ${verdict.expiredAt.toISOString()}.`, challenge);
        case "missing":
          throw kvErrors.unauthorized("AKV10000: Request is missing a Bearer or PoP token.", challenge);
        case "revoked":
          throw kvErrors.unauthorized(`AKV10000: ${revokedMessage(verdict)}`, challenge);
        default:
          throw kvErrors.unauthorized(
            "AKV10000: The token could not be validated: its signature is not of a key azmi issued, or it cannot be decoded.",
            challenge,
          );
      }
    });
  }
  const claims = bearer.claims;
  if (claims === undefined) throw kvErrors.unauthorized("AKV10000: The token could not be decoded.", challenge);
  const aud = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  const accepted = advertisedTo(exchange.base).audiences.keyVault;
  if (!aud.some((a) => accepted.includes(a.toLowerCase()))) throw invalidAudience(aud.join(","), challenge);
  exchange.caller = callerOf(claims, tenantId, challenge);
}

function invalidAudience(found: string, challenge: string) {
  return kvErrors.unauthorized(`AKV10022: Invalid audience. Expected ${VAULT_RESOURCE}, found: ${found}.`, challenge);
}

function callerOf(claims: JWTPayload, vaultTenant: string, challenge: string): DataCaller {
  const text = (name: string): string | undefined => (typeof claims[name] === "string" ? (claims[name] as string) : undefined);
  const tenantId = text("tid") ?? vaultTenant;
  if (tenantId.toLowerCase() !== vaultTenant.toLowerCase()) {
    throw kvErrors.unauthorized(
      `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vaultTenant}/, https://login.microsoftonline.com/${vaultTenant}/v2.0, found ${text("iss") ?? tenantId}.`,
      challenge,
    );
  }
  const objectId = text("oid") ?? text("sub") ?? "00000000-0000-0000-0000-000000000000";
  const applicationId = text("appid") ?? text("azp");
  const issuer = text("iss");
  return { objectId, tenantId, ...(applicationId === undefined ? {} : { applicationId }), ...(issuer === undefined ? {} : { issuer }) };
}
