/**
 * The example's own token issuer, standing in for Entra ID (or azmi): one RS256 key pair, its
 * public half published as a JWKS, tokens carrying the claims a data plane reads (aud, tid, oid,
 * idtyp).
 */
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";

export interface TokenRequest {
  readonly principalId: string;
  readonly audience: string;
  readonly tenantId: string;
  readonly kind?: "app" | "user";
  readonly lifetimeSeconds?: number;
}

export interface Issuer {
  readonly jwks: JSONWebKeySet;
  mint(request: TokenRequest): Promise<string>;
}

export async function createIssuer(): Promise<Issuer> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = "notes-issuer-1";
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] };
  return {
    jwks,
    mint: ({ principalId, audience, tenantId, kind = "app", lifetimeSeconds = 3600 }) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ oid: principalId, tid: tenantId, idtyp: kind })
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setAudience(audience)
        .setIssuer(`https://sts.windows.net/${tenantId}/`)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + lifetimeSeconds)
        .sign(privateKey);
    },
  };
}
