/**
 * Verifies a bearer token the way a data plane of Azure does before it looks at permissions: the
 * signature is one of the issuer's keys (RS256), the token is within its lifetime (Entra's five
 * minutes of skew), it was issued for this service (aud) and by the tenant the service belongs to
 * (tid), and it names a principal (oid). The answer is a value: the principal, or what failed.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { keyResolver, type KeySource } from "./key-sources.js";

const SKEW_SECONDS = 300;

export type PrincipalKind = "User" | "ServicePrincipal";

export interface TokenPrincipal {
  /** oid: the object id role assignments name. */
  readonly principalId: string;
  readonly principalType: PrincipalKind;
  readonly tenantId: string;
  /** appid (v1) or azp (v2): the client application. */
  readonly clientId: string | undefined;
  readonly claims: JWTPayload;
}

export type TokenErrorCode = "missing" | "malformed" | "signature" | "expired" | "notYetValid" | "audience" | "tenant" | "principal" | "keys";

export type TokenCheck =
  { readonly ok: true; readonly principal: TokenPrincipal } | { readonly ok: false; readonly error: TokenErrorCode; readonly message: string };

export interface TokenVerificationOptions {
  readonly keys: KeySource;
  /** Audiences the service accepts; compared without case and without a trailing slash. */
  readonly audiences: readonly string[];
  /** The tenant the service belongs to; a token of another tenant is refused. Undefined: any tenant. */
  readonly tenantId?: string | undefined;
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
}

const comparable = (value: string) => value.toLowerCase().replace(/\/+$/, "");

/** Azure tells apps from users by idtyp when the token carries it, else by delegated scopes (scp). */
function principalTypeOf(claims: JWTPayload): PrincipalKind {
  if (claims.idtyp === "user") return "User";
  if (claims.idtyp === "app") return "ServicePrincipal";
  return typeof claims.scp === "string" ? "User" : "ServicePrincipal";
}

function refused(error: TokenErrorCode, message: string): TokenCheck {
  return { ok: false, error, message };
}

export async function verifyToken(token: string | undefined, options: TokenVerificationOptions): Promise<TokenCheck> {
  if (token === undefined || token.trim() === "") return refused("missing", "no token was presented");
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, await keyResolver(options.keys), {
      algorithms: ["RS256"],
      clockTolerance: SKEW_SECONDS,
      currentDate: new Date(now * 1000),
    }));
  } catch (error) {
    return rejection(error, now);
  }
  const audiences = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  const accepted = options.audiences.map(comparable);
  if (!audiences.some((a) => accepted.includes(comparable(a)))) {
    return refused("audience", `the token's audience '${audiences.join(", ")}' is not one this service accepts (${options.audiences.join(", ")})`);
  }
  const tenantId = typeof claims.tid === "string" ? claims.tid : undefined;
  if (options.tenantId !== undefined && tenantId?.toLowerCase() !== options.tenantId.toLowerCase()) {
    return refused("tenant", `the token was issued by tenant '${tenantId ?? "(none)"}', not by this service's tenant '${options.tenantId}'`);
  }
  if (typeof claims.oid !== "string" || claims.oid === "") return refused("principal", "the token names no principal (it has no oid claim)");
  const clientId = typeof claims.appid === "string" ? claims.appid : typeof claims.azp === "string" ? claims.azp : undefined;
  return { ok: true, principal: { principalId: claims.oid, principalType: principalTypeOf(claims), tenantId: tenantId ?? "", clientId, claims } };
}

function rejection(error: unknown, now: number): TokenCheck {
  if (error instanceof joseErrors.JWTExpired) {
    const exp = typeof error.payload.exp === "number" ? error.payload.exp : now;
    return refused("expired", `the token expired at ${new Date(exp * 1000).toISOString()} (now ${new Date(now * 1000).toISOString()})`);
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) return refused("notYetValid", `the token is not valid yet: ${error.message}`);
  if (
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JOSEAlgNotAllowed
  ) {
    return refused("signature", `the token's signature is not one of the issuer's keys: ${error.message}`);
  }
  // Anything jose did not raise is the key source failing (a JWKS URL that cannot be fetched), not the token.
  if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return refused("keys", `the issuer's signing keys could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return refused("malformed", `the token is not a well-formed JWT: ${error instanceof Error ? error.message : String(error)}`);
}
