/**
 * The bearer-to-claims step ARM and Graph share. Permissive mode (the default) reads the
 * token's claims without verifying them, and takes no token (or garbage) as no claims. Strict
 * mode wants a token azmi signed for this tenant, still valid, for the service it is presented
 * to: one of the audiences the cloud metadata document advertises for that service to a client
 * at the request's origin (@azmi/identity service-audiences.ts), so what azmi tells a client to
 * ask for is what it accepts. A rejection is handed back for each dialect to render in its own
 * words (ARM's InvalidAuthenticationToken family, Graph's InvalidAuthenticationToken).
 */
import type { JWTPayload } from "jose";
import { acceptedAudiences, verifyAccessToken, type AzureService, type CloudUrls, type TokenVerification } from "@azmi/identity";
import type { Services } from "../services.js";
import { cloudUrls } from "../metadata/endpoints.js";
import { decodedClaims } from "./decoded-claims.js";

export type BearerClaims = TokenVerification | { readonly ok: true; readonly claims: undefined };

const NO_CLAIMS: BearerClaims = { ok: true, claims: undefined };

/** The token of an `Authorization: Bearer …` header; undefined for none or another scheme. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

/** What a bearer token is checked against: the service it is presented to, at the origin the client used. */
export interface BearerTarget {
  readonly service: AzureService;
  /** scheme://host[:port] of the request. */
  readonly origin: string;
}

/** Synchronous in permissive mode, so the hot path spends no microtask on it. */
export function bearerClaims(services: Services, authorization: string | undefined, target: BearerTarget): BearerClaims | Promise<BearerClaims> {
  const token = bearerToken(authorization);
  if (services.config.authMode === "strict") return verifyBearer(services, token, target);
  if (token === undefined) return NO_CLAIMS;
  let claims: JWTPayload;
  try {
    claims = decodedClaims(token);
  } catch {
    return NO_CLAIMS;
  }
  return { ok: true, claims };
}

/** `token` is the bearer token without its scheme (bearerToken), undefined when none was sent. */
export async function verifyBearer(services: Services, token: string | undefined, target: BearerTarget): Promise<TokenVerification> {
  const keys = await services.tokens.jwks.current();
  const { urls, audiences } = advertisedTo(target.origin);
  return verifyAccessToken(token, {
    keys,
    audiences: audiences[target.service],
    tenantId: services.config.tenantId,
    loginBases: [urls.login],
    revocations: services.tokens.revocations,
  });
}

interface Advertised {
  readonly urls: CloudUrls;
  readonly audiences: ReturnType<typeof acceptedAudiences>;
}

/** What the metadata document tells a client at each origin, memoized: a client keeps using one origin. Bounded. */
const byOrigin = new Map<string, Advertised>();
const ORIGINS_KEPT = 256;

export function advertisedTo(origin: string): Advertised {
  const known = byOrigin.get(origin);
  if (known !== undefined) return known;
  const urls = cloudUrls(origin);
  const advertised = { urls, audiences: acceptedAudiences(urls) };
  if (byOrigin.size >= ORIGINS_KEPT) byOrigin.clear();
  byOrigin.set(origin, advertised);
  return advertised;
}
