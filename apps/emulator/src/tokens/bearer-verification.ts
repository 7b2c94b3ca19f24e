/**
 * Strict mode's check of the bearer token on ARM and Graph requests: a token azmi signed,
 * still valid, for the service it is presented to. Each service renders the rejection in its
 * own dialect (ARM's InvalidAuthenticationToken family, Graph's InvalidAuthenticationToken).
 */
import type { JSONWebKeySet } from "jose";
import { verifyAccessToken, type TokenVerification } from "@azmi/identity";
import type { Services } from "../services.js";

/** The last JWKS seen per emulator, reused while its key ids are unchanged (so keys are imported once). */
const lastKeys = new WeakMap<Services, { kids: string; jwks: JSONWebKeySet }>();

async function currentKeys(services: Services): Promise<JSONWebKeySet> {
  const jwks = await services.signingKeys.jwks();
  const kids = jwks.keys.map((k) => k.kid).join(",");
  const last = lastKeys.get(services);
  if (last !== undefined && last.kids === kids) return last.jwks;
  lastKeys.set(services, { kids, jwks });
  return jwks;
}

/** The token of an `Authorization: Bearer …` header; undefined for none or another scheme. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

/** `token` is the bearer token without its scheme (bearerToken), undefined when none was sent. */
export async function verifyBearer(services: Services, token: string | undefined, audiences: readonly string[]): Promise<TokenVerification> {
  const keys = await currentKeys(services);
  return verifyAccessToken(token, { keys, audiences });
}
