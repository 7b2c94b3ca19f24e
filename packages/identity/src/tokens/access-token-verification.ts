/**
 * Verification of a bearer token presented to a service in strict mode, as Entra's resource
 * servers check it: signed by one of azmi's token-signing keys; issued by this tenant (`iss` in
 * its v1 or v2 form, and `tid` the same tenant); meant for the service (`aud` one of the
 * service's accepted audiences, service-audiences.ts); and within its lifetime (`exp` present and
 * not past, `nbf` reached, each with Entra's five minutes of skew); and not revoked since it was
 * issued (revokeTokens, token-revocations.ts). The answer is a value naming
 * what failed; the emulator turns it into the service's own 401.
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import { v1Issuer } from "./managed-identity-token.js";
import { v2Issuer } from "./access-token.js";
import { acceptedAudiences, PUBLIC_CLOUD_URLS } from "./service-audiences.js";
import type { TokenRevocations } from "./token-revocations.js";

/** Audiences ARM accepts when reached under Azure's own names (what ARM's own 401 lists as "allowed audiences"). */
export const ARM_AUDIENCES: readonly string[] = acceptedAudiences(PUBLIC_CLOUD_URLS).resourceManager;

/** Audiences Microsoft Graph accepts when reached under Azure's own names: its URL and its application id. */
export const GRAPH_AUDIENCES: readonly string[] = acceptedAudiences(PUBLIC_CLOUD_URLS).graph;

const SKEW_SECONDS = 300;

/** One imported key set per JWKS document: keys are imported once, not per request. */
const keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

function keySetOf(jwks: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
  let set = keySets.get(jwks);
  if (set === undefined) {
    set = createLocalJWKSet(jwks);
    keySets.set(jwks, set);
  }
  return set;
}

export type TokenRejection =
  | { readonly reason: "missing" }
  | { readonly reason: "malformed"; readonly detail: string }
  | { readonly reason: "signature"; readonly detail: string }
  | { readonly reason: "expired"; readonly expiredAt: Date; readonly now: Date }
  | { readonly reason: "notYetValid"; readonly detail: string }
  /** A claim Entra always sets is missing or not of its type (exp, iss, tid). */
  | { readonly reason: "claims"; readonly detail: string }
  /** Issued for another tenant: `issuer` is the token's iss, `expectedTenant` this service's tenant. */
  | { readonly reason: "tenant"; readonly issuer: string; readonly expectedTenant: string }
  /** Signed with azmi's keys but not by its token service for this tenant (iss of neither form). */
  | { readonly reason: "issuer"; readonly issuer: string }
  | { readonly reason: "audience"; readonly audience: string; readonly allowed: readonly string[] }
  /** Issued to a principal whose tokens were revoked afterwards (revokeTokens): `revokedAt` in epoch seconds. */
  | { readonly reason: "revoked"; readonly principalId: string; readonly revokedAt: Date };

export type TokenVerification = { readonly ok: true; readonly claims: JWTPayload } | ({ readonly ok: false } & TokenRejection);

export interface VerifyOptions {
  /** azmi's published signing keys (the JWKS its login endpoints serve); pass the same object again to reuse imported keys. */
  readonly keys: JSONWebKeySet;
  readonly audiences: readonly string[];
  /** The tenant the service belongs to: the token's tid and iss must name it. */
  readonly tenantId: string;
  /** Bases of v2 issuers besides https://login.microsoftonline.com (the login URL azmi advertised to the client). */
  readonly loginBases?: readonly string[];
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
  /** The revocations tokens are checked against (token-revocations.ts); none when absent. */
  readonly revocations?: Pick<TokenRevocations, "revokedBy">;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant an Entra issuer names, in either form; undefined for any other issuer. */
export function issuerTenant(issuer: string): string | undefined {
  const v1 = /^https:\/\/sts\.windows\.net\/([^/]+)\/$/i.exec(issuer);
  const v2 = /^https?:\/\/[^/]+\/([^/]+)\/v2\.0$/i.exec(issuer);
  const tenant = v1?.[1] ?? v2?.[1];
  return tenant !== undefined && GUID.test(tenant) ? tenant.toLowerCase() : undefined;
}

function issuersOf(tenantId: string, loginBases: readonly string[]): Set<string> {
  const bases = ["https://login.microsoftonline.com", ...loginBases];
  return new Set([v1Issuer(tenantId), ...bases.map((base) => v2Issuer(tenantId, base))].map((i) => i.toLowerCase()));
}

/**
 * Payloads of tokens jose accepted, per key set. A client presents the same token for up to an
 * hour, and RS256 through WebCrypto costs more than the rest of a data-plane request. A token's
 * signature under one key set never changes, so only its lifetime is looked at again (as jose
 * does, to the second); everything after the signature is checked on every use. A new key set
 * (rotation) starts empty. Bounded, oldest out first.
 */
const verifiedTokens = new WeakMap<JSONWebKeySet, Map<string, JWTPayload>>();
const VERIFIED_KEPT = 1024;

function withinLifetime(payload: JWTPayload, now: number): boolean {
  return payload.exp! > now - SKEW_SECONDS && (payload.nbf === undefined || payload.nbf <= now + SKEW_SECONDS);
}

async function signedPayload(token: string, keys: JSONWebKeySet, now: number): Promise<JWTPayload> {
  let verified = verifiedTokens.get(keys);
  const known = verified?.get(token);
  if (known !== undefined && withinLifetime(known, now)) return known;
  // Audience and issuer are compared by the caller, after the signature, so a forged token is reported as such.
  const { payload } = await jwtVerify(token, keySetOf(keys), {
    algorithms: ["RS256"],
    clockTolerance: SKEW_SECONDS,
    currentDate: new Date(now * 1000),
    requiredClaims: ["exp", "iss"],
  });
  if (verified === undefined) verifiedTokens.set(keys, (verified = new Map()));
  if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
  verified.set(token, payload);
  return payload;
}

export async function verifyAccessToken(token: string | undefined, options: VerifyOptions): Promise<TokenVerification> {
  if (token === undefined || token === "") return { ok: false, reason: "missing" };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let payload: JWTPayload;
  try {
    payload = await signedPayload(token, options.keys, now);
  } catch (err) {
    return rejectionOf(err, now);
  }
  const tenantId = options.tenantId.toLowerCase();
  const issuer = payload.iss!;
  const tid = payload["tid"];
  if (typeof tid !== "string") return { ok: false, reason: "claims", detail: "The token has no tid claim." };
  const named = issuerTenant(issuer);
  if (named === undefined) return { ok: false, reason: "issuer", issuer };
  if (named !== tenantId || tid.toLowerCase() !== tenantId) return { ok: false, reason: "tenant", issuer, expectedTenant: tenantId };
  if (!issuersOf(tenantId, options.loginBases ?? []).has(issuer.toLowerCase())) return { ok: false, reason: "issuer", issuer };
  const aud = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
  const allowed = new Set(options.audiences.map((a) => a.toLowerCase()));
  if (!aud.some((a) => allowed.has(a.toLowerCase()))) {
    return { ok: false, reason: "audience", audience: aud.join(","), allowed: options.audiences };
  }
  const revokedAt = options.revocations?.revokedBy(payload);
  if (revokedAt !== undefined) return { ok: false, reason: "revoked", principalId: String(payload["oid"]), revokedAt: new Date(revokedAt * 1000) };
  return { ok: true, claims: payload };
}

function rejectionOf(err: unknown, now: number): TokenVerification {
  if (err instanceof joseErrors.JWTExpired) {
    const exp = typeof err.payload.exp === "number" ? err.payload.exp : now;
    return { ok: false, reason: "expired", expiredAt: new Date(exp * 1000), now: new Date(now * 1000) };
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "nbf") return { ok: false, reason: "notYetValid", detail: err.message };
    return { ok: false, reason: "claims", detail: err.message };
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JOSEAlgNotAllowed) {
    return { ok: false, reason: "signature", detail: err instanceof Error ? err.message : String(err) };
  }
  return { ok: false, reason: "malformed", detail: err instanceof Error ? err.message : String(err) };
}
