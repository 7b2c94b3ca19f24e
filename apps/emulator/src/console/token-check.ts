/**
 * The token decoder's reading of a pasted JWT: its header and claims, azmi's verdict (the same
 * verification strict mode applies: signature against azmi's published keys, lifetime, tenant,
 * issuer, and an audience of a service azmi serves), which service the audience names, and
 * which principal the token speaks for (its oid looked up in the directory through Graph).
 */
import { revokedMessage } from "../tokens/revoked-message.js";
import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { verifyAccessToken, type AzureService, type TokenRejection } from "@azmi/identity";
import type { Services } from "../services.js";
import { advertisedTo } from "../tokens/bearer-verification.js";
import type { ConsoleReads } from "./reads.js";

export interface TokenPrincipal {
  readonly objectId: string;
  readonly displayName: string | undefined;
  readonly kind: string | undefined;
  readonly servicePrincipalType: string | undefined;
  /** The resource whose managed identity it is (xms_mirid). */
  readonly resourceId: string | undefined;
}

export interface TokenCheck {
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
  /** undefined: azmi accepts it; otherwise why strict mode would refuse it. */
  readonly refusal: string | undefined;
  readonly keyKnown: boolean;
  readonly services: readonly AzureService[];
  readonly principal: TokenPrincipal | undefined;
}

export type TokenReading = { readonly ok: true; readonly check: TokenCheck } | { readonly ok: false; readonly problem: string };

export async function checkToken(services: Services, reads: ConsoleReads, origin: string, pasted: string): Promise<TokenReading> {
  const token = pasted.trim().replace(/^Bearer\s+/i, "");
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch (error) {
    return { ok: false, problem: `Not a JWT: ${(error as Error).message}` };
  }
  const keys = await services.tokens.jwks.current();
  const { urls, audiences } = advertisedTo(origin);
  const verdict = await verifyAccessToken(token, {
    keys,
    audiences: Object.values(audiences).flat(),
    tenantId: services.config.tenantId,
    loginBases: [urls.login],
  });
  const aud = (typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? [])).map((a) => a.toLowerCase());
  const forServices = (Object.entries(audiences) as Array<[AzureService, readonly string[]]>)
    .filter(([, list]) => list.some((a) => aud.includes(a.toLowerCase())))
    .map(([service]) => service);
  return {
    ok: true,
    check: {
      header,
      claims,
      refusal: verdict.ok ? undefined : describeRejection(verdict),
      keyKnown: keys.keys.some((k) => k.kid !== undefined && k.kid === header.kid),
      services: forServices,
      principal: principalOf(reads, claims),
    },
  };
}

function principalOf(reads: ConsoleReads, claims: JWTPayload): TokenPrincipal | undefined {
  const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : undefined);
  const objectId = text("oid") ?? text("sub");
  if (objectId === undefined) return undefined;
  const read = reads.graph<{ displayName?: string; "@odata.type"?: string; servicePrincipalType?: string }>(`directoryObjects/${objectId}`);
  return {
    objectId,
    displayName: read.ok ? read.value.displayName : undefined,
    kind: read.ok ? read.value["@odata.type"]?.replace("#microsoft.graph.", "") : undefined,
    servicePrincipalType: read.ok ? read.value.servicePrincipalType : undefined,
    resourceId: text("xms_mirid"),
  };
}

function describeRejection(rejection: TokenRejection): string {
  switch (rejection.reason) {
    case "missing":
      return "No token.";
    case "malformed":
      return `The token could not be decoded: ${rejection.detail}`;
    case "signature":
      return "The signature does not verify with any of azmi's signing keys (/common/discovery/keys): another issuer signed it, or it was altered.";
    case "expired":
      return `The token expired at ${rejection.expiredAt.toISOString()}.`;
    case "notYetValid":
      return `The token is not yet valid: ${rejection.detail}`;
    case "claims":
      return `A claim Entra sets is missing or wrong: ${rejection.detail}`;
    case "tenant":
      return `The token is of another tenant (issuer ${rejection.issuer}); azmi's tenant is ${rejection.expectedTenant}.`;
    case "issuer":
      return `The issuer ${rejection.issuer} is not azmi's token service for this tenant.`;
    case "audience":
      return `The audience ${rejection.audience} is none of the services azmi serves.`;
    case "revoked":
      return revokedMessage(rejection);
  }
}
