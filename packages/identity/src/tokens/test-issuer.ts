/**
 * A built-in OIDC issuer for workload-identity tests, standing in for a Kubernetes cluster or
 * GitHub Actions: it publishes a discovery document and JWKS and mints short-lived tokens for
 * any subject and audience, signed with its own RSA key (kept in the store, so tokens and
 * federated credentials keep working across restarts). Its issuer URL is the address it was
 * reached at plus ISSUER_PATH; the key, not the URL, is what makes a token its own.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import type { Store } from "@azmi/arm-core";

export const TEST_ISSUER_PATH = "/_azmi/issuer";
export const TEST_ISSUER_KEYS_PATH = `${TEST_ISSUER_PATH}/keys`;
/** What AKS projects into pods and what federated credentials name by default. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** A projected service-account token lives about an hour. */
export const TEST_ISSUER_TOKEN_LIFETIME_SECONDS = 3600;

const COLLECTION = "testIssuer";
const KEY = "signing-key";

interface StoredKey {
  readonly kid: string;
  readonly privateJwk: JWK;
}

interface LoadedKey {
  readonly kid: string;
  readonly privateKey: Awaited<ReturnType<typeof importJWK>>;
  readonly publicJwk: JWK;
}

export interface MintRequest {
  readonly subject: string;
  readonly audience?: string | readonly string[];
  /** The issuer URL (`{base}{TEST_ISSUER_PATH}`) the token names. */
  readonly issuer: string;
  readonly lifetimeSeconds?: number;
  /** Extra claims to carry (e.g. kubernetes.io); never overrides iss, sub, aud, iat, nbf, exp. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export function testIssuerUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${TEST_ISSUER_PATH}`;
}

export class TestIssuer {
  private loaded: LoadedKey | undefined;
  private pending: Promise<LoadedKey> | undefined;

  constructor(private readonly store: Store) {}

  /** The OpenID discovery document served at `{issuer}/.well-known/openid-configuration`. */
  discoveryDocument(issuer: string): Record<string, unknown> {
    return {
      issuer,
      jwks_uri: `${issuer}/keys`,
      token_endpoint: `${issuer}/token`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: ["iss", "sub", "aud", "exp", "iat", "nbf", "jti"],
    };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const key = await this.key();
    return { keys: [key.publicJwk] };
  }

  /** The key id of the issuer's current key: a token whose header names it was minted here. */
  async keyId(): Promise<string> {
    return (await this.key()).kid;
  }

  async mint(request: MintRequest): Promise<string> {
    const key = await this.key();
    const now = Math.floor(Date.now() / 1000);
    const audience = request.audience ?? TOKEN_EXCHANGE_AUDIENCE;
    return new SignJWT({ ...request.claims })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
      .setIssuer(request.issuer)
      .setSubject(request.subject)
      .setAudience(typeof audience === "string" ? audience : [...audience])
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (request.lifetimeSeconds ?? TEST_ISSUER_TOKEN_LIFETIME_SECONDS))
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  private async key(): Promise<LoadedKey> {
    const stored = this.store.get<StoredKey>(COLLECTION, KEY);
    // The store may have been reset (or the key replaced) since the key was cached.
    if (this.loaded !== undefined && stored?.kid === this.loaded.kid) return this.loaded;
    this.pending ??= this.load(stored).finally(() => {
      this.pending = undefined;
    });
    this.loaded = await this.pending;
    return this.loaded;
  }

  private async load(stored: StoredKey | undefined): Promise<LoadedKey> {
    let record = stored;
    if (record === undefined) {
      const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
      const privateJwk = await exportJWK(privateKey);
      const kid = await calculateJwkThumbprint(privateJwk);
      record = { kid, privateJwk: { ...privateJwk, kid, alg: "RS256", use: "sig" } };
      // Another request may have created one meanwhile: keep the first.
      const again = this.store.get<StoredKey>(COLLECTION, KEY);
      if (again === undefined) this.store.put(COLLECTION, KEY, record);
      else record = again;
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = record.privateJwk;
    return { kid: record.kid, privateKey: await importJWK(record.privateJwk, "RS256"), publicJwk };
  }
}
