/** The last JWKS seen, reused while its key ids are unchanged, so a bearer check imports the keys once. */
import type { JSONWebKeySet } from "jose";
import type { SigningKeys } from "./signing-keys.js";

export class JwksMemo {
  private last: { kids: string; jwks: JSONWebKeySet } | undefined;

  constructor(private readonly signingKeys: SigningKeys) {}

  async current(): Promise<JSONWebKeySet> {
    const jwks = await this.signingKeys.jwks();
    const kids = jwks.keys.map((k) => k.kid).join(",");
    if (this.last !== undefined && this.last.kids === kids) return this.last.jwks;
    this.last = { kids, jwks };
    return jwks;
  }
}
