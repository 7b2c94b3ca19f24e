/**
 * azmi's token-signing keys. They live in the store (so tokens issued before a restart still
 * verify, as az and Terraform reuse cached tokens), are made on first use, and are published
 * as JWKS the way Entra publishes them: RSA 2048, kid = x5t = base64url SHA-1 of a
 * self-signed certificate's DER, x5c = that certificate. Several keys may be published at
 * once (rollover); tokens are signed with the newest.
 */
import { createHash, createPrivateKey, sign as signWithKey, webcrypto, type KeyObject } from "node:crypto";
import type { JSONWebKeySet, JWK } from "jose";
import type * as X509 from "@peculiar/x509";
import type { Store } from "@azmi/arm-core";
import type { ClaimsSigner } from "./managed-identity-token.js";
import { loadX509 } from "./x509-module.js";

const COLLECTION = "signing-keys";
/** Which process made the first key: claimed with Store.insert, so concurrent starts agree on one. */
const FIRST_KEY = "signing-keys.first";
const RSA = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" } as const;

/** What the store holds for one key. */
export interface SigningKeyRecord {
  readonly kid: string;
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** Standard base64 of the certificate's DER (the x5c value). */
  readonly certificateDer: string;
  readonly n: string;
  readonly e: string;
  /** ISO time; the newest key signs. */
  readonly createdAt: string;
}

export interface SigningKey {
  readonly record: SigningKeyRecord;
  /** Parsed once per key: every token is one RSA signature with it. */
  readonly privateKey: KeyObject;
  /** The JWT header naming this key, base64url-encoded once: it is the same in every token. */
  readonly encodedHeader: string;
}

export interface JwksOptions {
  /** Adds `issuer` to each key, as the v2 JWKS does (with the literal `{tenantid}`). */
  readonly issuer?: string;
}

export class SigningKeys implements ClaimsSigner {
  private current: Promise<SigningKey> | undefined;

  constructor(private readonly store: Store) {}

  /** The key that signs, made and stored on first use. */
  signingKey(): Promise<SigningKey> {
    this.current ??= this.loadOrCreate().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /** RS256 JWT of these claims, with typ, kid and x5t in the header (as Entra's v1 tokens). */
  async sign(claims: Readonly<Record<string, unknown>>): Promise<string> {
    const key = await this.signingKey();
    const signingInput = `${key.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    return `${signingInput}.${(await signRs256(Buffer.from(signingInput), key.privateKey)).toString("base64url")}`;
  }

  /** Every published key, newest first. */
  async records(): Promise<SigningKeyRecord[]> {
    await this.signingKey();
    return this.store
      .list<SigningKeyRecord>(COLLECTION)
      .map((item) => item.value)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async jwks(options: JwksOptions = {}): Promise<JSONWebKeySet> {
    const keys = (await this.records()).map((record) => publicJwk(record, options.issuer));
    return { keys };
  }

  /** Drops the cached key (after the store was wiped): the next use makes a new one. */
  forget(): void {
    this.current = undefined;
  }

  private async loadOrCreate(): Promise<SigningKey> {
    let record = newest(this.store.list<SigningKeyRecord>(COLLECTION).map((item) => item.value));
    if (record === undefined) {
      const made = await createSigningKeyRecord();
      // Another request, or another azmi on the same database, may have stored one while this one
      // was being made: the first to claim the slot wins and everyone signs with its key.
      record = this.store.transaction(() => {
        if (this.store.insert(FIRST_KEY, "first", { kid: made.kid })) {
          this.store.put(COLLECTION, made.kid, made);
          return made;
        }
        return newest(this.store.list<SigningKeyRecord>(COLLECTION).map((item) => item.value));
      });
      if (record === undefined) throw new Error("the signing key slot is taken but holds no key");
    }
    const encodedHeader = Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256", x5t: record.kid, kid: record.kid })).toString("base64url");
    return { record, privateKey: createPrivateKey(record.privateKeyPem), encodedHeader };
  }
}

/**
 * node:crypto's one-shot RS256 on the cached key, run on libuv's thread pool: the event loop
 * keeps answering other requests while a token is signed, and both cores sign. Unlike a
 * WebCrypto job (what jose does) it costs no more CPU than signing in the event loop's thread
 * (bench/workers/raw-signing.mjs measures the three).
 */
function signRs256(data: Buffer, key: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    signWithKey("sha256", data, key, (error, signature) => (error === null ? resolve(signature) : reject(error)));
  });
}

function newest(records: SigningKeyRecord[]): SigningKeyRecord | undefined {
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

export function publicJwk(record: SigningKeyRecord, issuer?: string): JWK & Record<string, unknown> {
  const jwk: JWK & Record<string, unknown> = {
    kty: "RSA",
    use: "sig",
    kid: record.kid,
    x5t: record.kid,
    n: record.n,
    e: record.e,
    x5c: [record.certificateDer],
    cloud_instance_name: "microsoftonline.com",
  };
  if (issuer !== undefined) jwk.issuer = issuer;
  return jwk;
}

/** A new RSA 2048 key with its self-signed certificate (Entra publishes keys as certificates). */
export async function createSigningKeyRecord(now: Date = new Date()): Promise<SigningKeyRecord> {
  const x509 = await loadX509();
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash("sha256")
      .update(now.toISOString() + Math.random())
      .digest("hex")
      .slice(0, 32)
      .replace(/^[89a-f]/, "1"),
    name: "CN=accounts.accesscontrol.windows.net",
    notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfter: new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000),
    signingAlgorithm: RSA,
    keys: keys as unknown as Parameters<typeof X509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
  });
  const der = Buffer.from(cert.rawData);
  const kid = createHash("sha1").update(der).digest("base64url");
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const jwk = await webcrypto.subtle.exportKey("jwk", keys.publicKey);
  return {
    kid,
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8
      .toString("base64")
      .replace(/(.{64})/g, "$1\n")
      .replace(/\n$/, "")}\n-----END PRIVATE KEY-----\n`,
    certificateDer: der.toString("base64"),
    n: jwk.n!,
    e: jwk.e!,
    createdAt: now.toISOString(),
  };
}
