/**
 * The access token a managed identity gets from an IMDS or App Service endpoint: a v1 Entra
 * token (iss sts.windows.net, ver 1.0) whose audience is the resource exactly as asked, with
 * the claims resource servers and tools read (appid, oid, xms_mirid, xms_az_rid). Lifetime and
 * back-dating follow what Entra does: iat/nbf five minutes in the past, exp about 24 h ahead.
 */
import { randomBytes } from "node:crypto";
import type { ManagedIdentityPrincipal } from "../directory/service-principals.js";

/**
 * What a token is issued for: one identity (system- or user-assigned). principalId is the token's
 * oid and sub, clientId its appid, resourceId its xms_mirid (the user-assigned identity resource,
 * or the host resource of a system-assigned one).
 */
export type TokenIdentity = Pick<ManagedIdentityPrincipal, "principalId" | "clientId" | "tenantId" | "resourceId">;

export interface ManagedIdentityTokenRequest {
  readonly identity: TokenIdentity;
  /** The `resource` query value as sent; becomes `aud` unchanged (a trailing slash stays). */
  readonly resource: string;
  /** ARM id of the resource whose endpoint was called (xms_az_rid). */
  readonly askingResourceId: string;
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
  /** The directory's grants for this identity and audience (`roles`, `wids`: see token-grants.ts). */
  readonly extraClaims?: Readonly<Record<string, unknown>>;
}

export interface IssuedToken {
  readonly accessToken: string;
  /** Epoch seconds. */
  readonly expiresOn: number;
  readonly notBefore: number;
  /** Seconds from now until expiresOn. */
  readonly expiresIn: number;
}

/** Signs a claim set with azmi's current token-signing key (RS256, kid and x5t in the header). */
export interface ClaimsSigner {
  sign(claims: Readonly<Record<string, unknown>>): Promise<string>;
}

/** Signs claims (which carry exp and nbf) and gives the times a token answer reports. */
export async function signToken(signer: ClaimsSigner, claims: Readonly<Record<string, unknown>>, now: number): Promise<IssuedToken> {
  const accessToken = await signer.sign(claims);
  const expiresOn = claims.exp as number;
  return { accessToken, expiresOn, notBefore: claims.nbf as number, expiresIn: expiresOn - now };
}

export const MANAGED_IDENTITY_TOKEN_LIFETIME_SECONDS = 86_399;
/** Entra back-dates iat/nbf to absorb clock skew between the token service and resource servers. */
export const CLOCK_SKEW_SECONDS = 300;

export function v1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/**
 * Random bytes for ids, drawn from a pool refilled 4 KiB at a time: a token takes three ids, and
 * asking the CSPRNG for 16 bytes each time costs more than the rest of the claims together.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** Entra's `uti`: 22 url-safe characters, unique per token. */
export function newUti(): string {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const id = pool.toString("base64url", poolOffset, poolOffset + 16).slice(0, 22);
  poolOffset += 16;
  return id;
}

/** ARM shows ids with `resourcegroups` in lower case inside MI tokens (see xms_mirid samples). */
function lowerResourceGroupsKeyword(id: string): string {
  return id.replace(/\/resourceGroups\//i, "/resourcegroups/");
}

export function managedIdentityClaims(request: ManagedIdentityTokenRequest): Record<string, unknown> {
  const now = request.now ?? Math.floor(Date.now() / 1000);
  const { identity } = request;
  const iss = v1Issuer(identity.tenantId);
  return {
    aud: request.resource,
    iss,
    iat: now - CLOCK_SKEW_SECONDS,
    nbf: now - CLOCK_SKEW_SECONDS,
    exp: now + MANAGED_IDENTITY_TOKEN_LIFETIME_SECONDS,
    aio: newUti(),
    appid: identity.clientId,
    appidacr: "2",
    idp: iss,
    idtyp: "app",
    oid: identity.principalId,
    rh: `0.${newUti()}.`,
    sub: identity.principalId,
    tid: identity.tenantId,
    uti: newUti(),
    ver: "1.0",
    xms_az_rid: lowerResourceGroupsKeyword(request.askingResourceId),
    xms_mirid: lowerResourceGroupsKeyword(identity.resourceId),
    ...request.extraClaims,
  };
}

export async function issueManagedIdentityToken(signer: ClaimsSigner, request: ManagedIdentityTokenRequest): Promise<IssuedToken> {
  const now = request.now ?? Math.floor(Date.now() / 1000);
  return signToken(signer, managedIdentityClaims({ ...request, now }), now);
}
