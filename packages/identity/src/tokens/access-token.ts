/**
 * Access tokens for applications (client credentials): which audience a scope or resource
 * names, the claims Entra puts in an app-only token, and the object id a client id stands for.
 * No HTTP here: the login routes parse the request and call issueAppToken.
 */
import { createHash, randomUUID } from "node:crypto";
import { CLOCK_SKEW_SECONDS, newUti, signToken, v1Issuer, type ClaimsSigner, type IssuedToken } from "./managed-identity-token.js";

export const APP_TOKEN_LIFETIME_SECONDS = 3599;

export type TokenVersion = "1.0" | "2.0";

export interface AppTokenRequest {
  readonly tenantId: string;
  readonly clientId: string;
  /** The service principal's object id; defaults to clientObjectId(tenantId, clientId). */
  readonly objectId?: string;
  /** The token's aud: see audienceFromScope / audienceFromResource. */
  readonly audience: string;
  /** v1 tokens (iss sts.windows.net, appid) are what ARM, Graph and most resources get. */
  readonly version?: TokenVersion;
  /** How the client authenticated: "1" secret, "2" certificate or assertion. */
  readonly appidacr?: "0" | "1" | "2";
  readonly lifetimeSeconds?: number;
  /** Base of the v2 issuer (https://login.microsoftonline.com by default). */
  readonly loginBase?: string;
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
  /** Claims to add or override (roles, xms_* ...). */
  readonly extraClaims?: Readonly<Record<string, unknown>>;
}

/**
 * `X/.default` and `X//.default` both name resource X (the CLI sends
 * `https://management.core.windows.net//.default`). Well-known resources keep the exact
 * audience string Entra puts in their tokens. Returns undefined for a scope without `/.default`.
 */
export function audienceFromScope(scope: string): string | undefined {
  const one = scope
    .trim()
    .split(/\s+/)
    .find((s) => /\/\.default$/i.test(s));
  if (one === undefined) return undefined;
  return audienceFromResource(one.replace(/\/+\.default$/i, ""));
}

/** A v1 `resource` value: kept as asked, except for well-known resources' canonical form. */
export function audienceFromResource(resource: string): string {
  const trimmed = resource.trim();
  const canonical = CANONICAL_AUDIENCES.get(trimmed.replace(/\/+$/, "").toLowerCase());
  return canonical ?? trimmed.replace(/\/+$/, "");
}

/** Entra's audience strings for resources that clients name with or without a trailing slash. */
const CANONICAL_AUDIENCES = new Map<string, string>([
  ["https://management.core.windows.net", "https://management.core.windows.net/"],
  ["https://management.azure.com", "https://management.azure.com/"],
  ["https://graph.microsoft.com", "https://graph.microsoft.com"],
]);

/** clientObjectId answers (a pure function): a client asks for a token again and again. Bounded. */
const objectIds = new Map<string, string>();
const OBJECT_IDS_KEPT = 10_000;

/**
 * The object id of the service principal behind a client id, when the directory has none:
 * derived from tenant and client id (a name-based UUID), so the same client always gets the
 * same oid, across restarts and without storing anything.
 */
export function clientObjectId(tenantId: string, clientId: string): string {
  const memoKey = `${tenantId.toLowerCase()}:${clientId.toLowerCase()}`;
  const known = objectIds.get(memoKey);
  if (known !== undefined) return known;
  const hash = createHash("sha256").update(`azmi:client-principal:${tenantId.toLowerCase()}:${clientId.toLowerCase()}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5 layout
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  if (objectIds.size >= OBJECT_IDS_KEPT) objectIds.clear();
  objectIds.set(memoKey, id);
  return id;
}

export function v2Issuer(tenantId: string, loginBase = "https://login.microsoftonline.com"): string {
  return `${loginBase.replace(/\/+$/, "")}/${tenantId}/v2.0`;
}

export function appTokenClaims(request: AppTokenRequest): Record<string, unknown> {
  const now = request.now ?? Math.floor(Date.now() / 1000);
  const version = request.version ?? "1.0";
  const objectId = request.objectId ?? clientObjectId(request.tenantId, request.clientId);
  const lifetime = request.lifetimeSeconds ?? APP_TOKEN_LIFETIME_SECONDS;
  const iss = version === "1.0" ? v1Issuer(request.tenantId) : v2Issuer(request.tenantId, request.loginBase);
  const claims: Record<string, unknown> = {
    aud: request.audience,
    iss,
    iat: now - CLOCK_SKEW_SECONDS,
    nbf: now - CLOCK_SKEW_SECONDS,
    exp: now + lifetime,
    aio: newUti(),
    ...(version === "1.0"
      ? { appid: request.clientId, appidacr: request.appidacr ?? "1", idp: v1Issuer(request.tenantId) }
      : { azp: request.clientId, azpacr: request.appidacr ?? "1" }),
    idtyp: "app",
    oid: objectId,
    rh: `0.${newUti()}.`,
    sub: objectId,
    tid: request.tenantId,
    uti: newUti(),
    ver: version,
    xms_tcdt: now - 86_400,
  };
  return { ...claims, ...request.extraClaims };
}

export async function issueAppToken(signer: ClaimsSigner, request: AppTokenRequest): Promise<IssuedToken> {
  const now = request.now ?? Math.floor(Date.now() / 1000);
  return signToken(signer, appTokenClaims({ ...request, now }), now);
}

/** A fresh correlation id for token answers that have none from the client. */
export function newTraceId(): string {
  return randomUUID();
}
