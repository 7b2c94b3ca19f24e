/**
 * Verification of a bearer token presented to ARM or Graph in strict mode: it must be signed by
 * one of azmi's token-signing keys, be within its lifetime (with Entra's five minutes of skew),
 * and be meant for the service it is presented to. The answer is a value naming what failed;
 * the emulator turns it into the service's own 401.
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";

/** Audiences ARM accepts (what ARM's own 401 lists as "allowed audiences"). */
export const ARM_AUDIENCES: readonly string[] = [
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
  "https://management.azure.com/",
  "https://management.azure.com",
];

/** Audiences Microsoft Graph accepts: its URL and its well-known application id. */
export const GRAPH_AUDIENCES: readonly string[] = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.com/",
  "00000003-0000-0000-c000-000000000000",
];

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
  | { readonly reason: "audience"; readonly audience: string; readonly allowed: readonly string[] };

export type TokenVerification = { readonly ok: true; readonly claims: JWTPayload } | ({ readonly ok: false } & TokenRejection);

export interface VerifyOptions {
  /** azmi's published signing keys (the JWKS its login endpoints serve); pass the same object again to reuse imported keys. */
  readonly keys: JSONWebKeySet;
  readonly audiences: readonly string[];
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
}

export async function verifyAccessToken(token: string | undefined, options: VerifyOptions): Promise<TokenVerification> {
  if (token === undefined || token === "") return { ok: false, reason: "missing" };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  try {
    // Audience is compared below, after the signature, so a foreign token is reported as such.
    const { payload } = await jwtVerify(token, keySetOf(options.keys), {
      algorithms: ["RS256"],
      clockTolerance: SKEW_SECONDS,
      currentDate: new Date(now * 1000),
    });
    const aud = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
    const allowed = options.audiences.map((a) => a.toLowerCase());
    if (!aud.some((a) => allowed.includes(a.toLowerCase()))) {
      return { ok: false, reason: "audience", audience: aud.join(","), allowed: options.audiences };
    }
    return { ok: true, claims: payload };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) {
      const exp = typeof err.payload.exp === "number" ? err.payload.exp : now;
      return { ok: false, reason: "expired", expiredAt: new Date(exp * 1000), now: new Date(now * 1000) };
    }
    if (err instanceof joseErrors.JWTClaimValidationFailed) return { ok: false, reason: "notYetValid", detail: err.message };
    if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JOSEAlgNotAllowed) {
      return { ok: false, reason: "signature", detail: err.message };
    }
    return { ok: false, reason: "malformed", detail: err instanceof Error ? err.message : String(err) };
  }
}
