/**
 * External OIDC issuers whose signing keys azmi knows (`--trust-issuer <issuer>=<jwks file>`).
 * azmi never fetches keys over the network: a federated assertion from an issuer listed here
 * has its signature checked against these keys; from any other issuer it is accepted unsigned
 * in permissive mode and refused in strict mode.
 */
import { z } from "zod";
import type { JSONWebKeySet } from "jose";

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });

export class TrustedIssuers {
  private readonly byIssuer = new Map<string, JSONWebKeySet>();

  /** Adds (or replaces) an issuer's key set; throws a readable Error for a document that is not a JWKS. */
  add(issuer: string, jwks: unknown): void {
    const parsed = jwksSchema.safeParse(jwks);
    if (!parsed.success) throw new Error(`The key set given for issuer '${issuer}' is not a JWKS ({"keys": [...]}).`);
    this.byIssuer.set(issuer, parsed.data as JSONWebKeySet);
  }

  /** Keys for an issuer, compared exactly as Entra compares federated issuers. */
  keysFor(issuer: string): JSONWebKeySet | undefined {
    return this.byIssuer.get(issuer);
  }

  issuers(): string[] {
    return [...this.byIssuer.keys()];
  }
}

/** Parses one `--trust-issuer` value: `<issuer>=<path>`, splitting at the last `=` (issuer URLs may hold `=`). */
export function parseTrustIssuerOption(value: string): { issuer: string; jwksPath: string } {
  const at = value.lastIndexOf("=");
  if (at <= 0 || at === value.length - 1) throw new Error(`--trust-issuer expects <issuer>=<jwks file>, got '${value}'.`);
  return { issuer: value.slice(0, at), jwksPath: value.slice(at + 1) };
}
