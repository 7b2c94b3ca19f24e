/**
 * Key Vault keys in @azmi/keyvault: creation of every type, versions, the public JWK only,
 * signatures checked by node:crypto against that JWK (so azmi's maths is judged by another
 * implementation), encryption round trips, key_ops, soft delete, purge protection, backup and
 * restore, and keys that survive a restart of the SQLite store.
 */
import { constants, createHash, createPublicKey, publicEncrypt, verify, type JsonWebKey } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore, SqliteStore, type Store } from "@azmi/arm-core";
import { afterAll, describe, expect, it } from "vitest";
import { BackupSealer, dataVaultOf, KeyVaultDataError, vaultFromPut, VaultKeys, type DataVault } from "../src/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const BASE = "https://kvkeys.vault.azure.net";
const NOW = new Date("2026-01-01T00:00:00Z");

function vault(properties: Record<string, unknown> = {}): DataVault {
  const id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvkeys";
  const stored = vaultFromPut(
    { id, name: "kvkeys", apiVersion: "2023-07-01", previous: undefined },
    { location: "westeurope", properties: { tenantId: TENANT, sku: { family: "A", name: "standard" }, accessPolicies: [], ...properties } },
    "westeurope",
    undefined,
  );
  return dataVaultOf(id, stored);
}

function keysOn(store: Store = new MemoryStore()): VaultKeys {
  return new VaultKeys(store, new BackupSealer(store));
}

type Bundle = { key: Record<string, unknown> & { kid: string }; attributes: Record<string, unknown>; tags: Record<string, string> };
const bundle = (x: unknown) => x as Bundle;
const answer = (x: unknown) => x as { kid?: string; value: string | boolean };

function failure(run: () => unknown): KeyVaultDataError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyVaultDataError) return error;
    throw error;
  }
  throw new Error("expected a Key Vault error");
}

const digestOf = (hash: string, message: Buffer) => createHash(hash).update(message).digest();
const b64 = (b: Buffer) => b.toString("base64url");

describe("creating keys", () => {
  const keys = keysOn();
  const v = vault();

  it.each([
    [{ kty: "RSA" }, 2048],
    [{ kty: "RSA", key_size: 3072 }, 3072],
    [{ kty: "RSA-HSM", key_size: 4096 }, 4096],
  ])("makes %j an RSA key of %i bits, shown only by its public half", (body, bits) => {
    const created = bundle(keys.create(v, `rsa-${bits}`, body, NOW, BASE));
    expect(created.key.kid).toMatch(new RegExp(`^${BASE}/keys/rsa-${bits}/[0-9a-f]{32}$`));
    expect(created.key.kty).toBe(body.kty);
    expect(created.key.key_ops).toEqual(["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"]);
    expect(Object.keys(created.key).sort()).toEqual(["e", "key_ops", "kid", "kty", "n"]);
    const pub = createPublicKey({ key: { kty: "RSA", n: created.key.n, e: created.key.e } as JsonWebKey, format: "jwk" });
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(bits);
    expect(created.attributes).toMatchObject({ enabled: true, recoveryLevel: "Recoverable+Purgeable", exportable: false });
  });

  it.each(["P-256", "P-384", "P-521", "P-256K"])("makes an EC key on %s", (crv) => {
    const created = bundle(keys.create(v, `ec-${crv}`, { kty: "EC", crv }, NOW, BASE));
    expect(Object.keys(created.key).sort()).toEqual(["crv", "key_ops", "kid", "kty", "x", "y"]);
    expect(created.key).toMatchObject({ kty: "EC", crv, key_ops: ["sign", "verify"] });
  });

  it("refuses sizes, curves and types Key Vault does not make", () => {
    expect(failure(() => keys.create(v, "bad", { kty: "RSA", key_size: 1024 }, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.create(v, "bad", { kty: "EC", crv: "P-192" }, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.create(v, "bad", { kty: "oct" }, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.create(v, "bad_name", { kty: "RSA" }, NOW, BASE)).code).toBe("BadParameter");
  });

  it("adds a version on each create and rotate; get answers the latest or the one named", () => {
    const first = bundle(keys.create(v, "versioned", { kty: "EC", tags: { app: "a" } }, NOW, BASE));
    const second = bundle(keys.create(v, "versioned", { kty: "EC", crv: "P-384" }, NOW, BASE));
    const rotated = bundle(keys.rotate(v, "versioned", NOW, BASE));
    expect(rotated.key.crv).toBe("P-384");
    expect(new Set([first.key.kid, second.key.kid, rotated.key.kid]).size).toBe(3);
    expect(bundle(keys.get(v, "versioned", undefined, BASE)).key.kid).toBe(rotated.key.kid);
    const firstVersion = first.key.kid.split("/").pop()!;
    expect(bundle(keys.get(v, "versioned", firstVersion, BASE)).key.crv).toBe("P-256");
    expect(keys.listVersions(v, "versioned", {}, BASE).value).toHaveLength(3);
    const missing = failure(() => keys.get(v, "versioned", "0".repeat(32), BASE));
    expect(missing.code).toBe("KeyNotFound");
    expect(missing.message).toMatch(/^A key with \(name\/id\) versioned\/0+ was not found in this key vault/);
  });

  it("lists keys by name across pages, each without its version", () => {
    const page = keys.list(v, { maxresults: "2" }, BASE);
    expect(page.value).toHaveLength(2);
    expect(page.next).toBeDefined();
    const rest = keys.list(v, { maxresults: "25", skiptoken: page.next!.skiptoken }, BASE);
    const kids = [...page.value, ...rest.value].map((i) => (i as { kid: string }).kid);
    expect(kids).toContain(`${BASE}/keys/versioned`);
    expect(kids).toEqual([...kids].sort());
  });
});

describe("signing and verifying", () => {
  const keys = keysOn();
  const v = vault();
  const message = Buffer.from("the message azmi never sees, only its digest");

  it.each([
    ["RS256", { kty: "RSA" }, "sha256"],
    ["RS384", { kty: "RSA" }, "sha384"],
    ["RS512", { kty: "RSA" }, "sha512"],
    ["PS256", { kty: "RSA" }, "sha256"],
    ["PS384", { kty: "RSA-HSM", key_size: 3072 }, "sha384"],
    ["PS512", { kty: "RSA" }, "sha512"],
    ["ES256", { kty: "EC", crv: "P-256" }, "sha256"],
    ["ES384", { kty: "EC", crv: "P-384" }, "sha384"],
    ["ES512", { kty: "EC-HSM", crv: "P-521" }, "sha512"],
    ["ES256K", { kty: "EC", crv: "P-256K" }, "sha256"],
  ])("%s: node:crypto verifies azmi's signature with the returned public JWK, and azmi verifies it back", (alg, spec, hash) => {
    const name = `sig-${alg}`;
    const created = bundle(keys.create(v, name, spec, NOW, BASE));
    const digest = digestOf(hash, message);
    const signed = answer(keys.operate(v, name, undefined, "sign", { alg, value: b64(digest) }, NOW, BASE));
    expect(signed.kid).toBe(created.key.kid);
    const signature = Buffer.from(signed.value as string, "base64url");
    // node knows neither Key Vault's -HSM key types nor the JOSE name of secp256k1
    const jwk = {
      ...created.key,
      kty: String(created.key.kty).replace("-HSM", ""),
      crv: created.key.crv === "P-256K" ? "secp256k1" : created.key.crv,
    } as JsonWebKey;
    const publicKey = createPublicKey({ key: jwk, format: "jwk" });
    const options = alg.startsWith("ES")
      ? { key: publicKey, dsaEncoding: "ieee-p1363" as const }
      : alg.startsWith("PS")
        ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length }
        : { key: publicKey };
    if (alg.startsWith("ES")) expect(signature.length % 2).toBe(0);
    expect(verify(hash, message, options, signature)).toBe(true);
    expect(verify(hash, Buffer.from("another message"), options, signature)).toBe(false);

    const checked = (sig: Buffer, d = digest) => answer(keys.operate(v, name, undefined, "verify", { alg, digest: b64(d), value: b64(sig) }, NOW, BASE)).value;
    expect(checked(signature)).toBe(true);
    const tampered = Buffer.from(signature);
    tampered[tampered.length - 5]! ^= 0x01;
    expect(checked(tampered)).toBe(false);
    expect(checked(signature, digestOf(hash, Buffer.from("other")))).toBe(false);
  });

  it("refuses an algorithm of another key family or curve, and a digest of the wrong length", () => {
    keys.create(v, "ec-only", { kty: "EC" }, NOW, BASE);
    const d = b64(digestOf("sha256", message));
    expect(failure(() => keys.operate(v, "ec-only", undefined, "sign", { alg: "RS256", value: d }, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.operate(v, "ec-only", undefined, "sign", { alg: "ES384", value: d }, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.operate(v, "ec-only", undefined, "sign", { alg: "ES256", value: b64(Buffer.alloc(20)) }, NOW, BASE)).message).toMatch(
      /must be 32 bytes/,
    );
    expect(failure(() => keys.operate(v, "ec-only", undefined, "encrypt", { alg: "RSA-OAEP", value: d }, NOW, BASE)).code).toBe("Forbidden");
  });
});

describe("encrypting and wrapping", () => {
  const keys = keysOn();
  const v = vault();
  const created = bundle(keys.create(v, "cipher", { kty: "RSA" }, NOW, BASE));
  const publicKey = createPublicKey({ key: created.key as JsonWebKey, format: "jwk" });
  const plaintext = Buffer.from("a 256-bit content key, say.....!");

  it.each([
    ["RSA-OAEP", "sha1"],
    ["RSA-OAEP-256", "sha256"],
    ["RSA1_5", undefined],
  ])("%s: azmi decrypts what node encrypted with the public JWK, and azmi's wraps unwrap back", (alg, oaepHash) => {
    const padding = oaepHash === undefined ? constants.RSA_PKCS1_PADDING : constants.RSA_PKCS1_OAEP_PADDING;
    const sealed = publicEncrypt({ key: publicKey, padding, ...(oaepHash === undefined ? {} : { oaepHash }) }, plaintext);
    const opened = answer(keys.operate(v, "cipher", undefined, "decrypt", { alg, value: b64(sealed) }, NOW, BASE));
    expect(Buffer.from(opened.value as string, "base64url")).toEqual(plaintext);

    const wrapped = answer(keys.operate(v, "cipher", undefined, "wrapKey", { alg, value: b64(plaintext) }, NOW, BASE));
    expect(wrapped.kid).toBe(created.key.kid);
    expect(wrapped.value).not.toBe(b64(plaintext));
    const unwrapped = answer(keys.operate(v, "cipher", undefined, "unwrapKey", { alg, value: wrapped.value }, NOW, BASE));
    expect(Buffer.from(unwrapped.value as string, "base64url")).toEqual(plaintext);
  });

  it("answers a ciphertext it cannot decrypt with BadParameter", () => {
    const garbage = b64(Buffer.alloc(256, 7));
    for (const alg of ["RSA-OAEP", "RSA1_5"])
      expect(failure(() => keys.operate(v, "cipher", undefined, "decrypt", { alg, value: garbage }, NOW, BASE)).code).toBe("BadParameter");
  });
});

describe("key_ops, attributes and import", () => {
  const keys = keysOn();
  const v = vault();

  it("refuses an operation the key's key_ops lack, and any operation on a disabled key", () => {
    keys.create(v, "sign-only", { kty: "RSA", key_ops: ["sign"] }, NOW, BASE);
    const refused = failure(() => keys.operate(v, "sign-only", undefined, "encrypt", { alg: "RSA-OAEP", value: b64(Buffer.from("x")) }, NOW, BASE));
    expect(refused).toMatchObject({ status: 403, innerCode: "KeyOperationForbidden" });
    const updated = bundle(
      keys.update(v, "sign-only", undefined, { key_ops: ["sign", "encrypt"], attributes: { enabled: false }, tags: { t: "1" } }, NOW, BASE),
    );
    expect(updated.key.key_ops).toEqual(["sign", "encrypt"]);
    expect(updated.tags).toEqual({ t: "1" });
    const disabled = failure(() => keys.operate(v, "sign-only", undefined, "encrypt", { alg: "RSA-OAEP", value: b64(Buffer.from("x")) }, NOW, BASE));
    expect(disabled).toMatchObject({ status: 403, innerCode: "KeyDisabled" });
    keys.update(v, "sign-only", undefined, { attributes: { enabled: true } }, NOW, BASE);
    expect(answer(keys.operate(v, "sign-only", undefined, "encrypt", { alg: "RSA-OAEP", value: b64(Buffer.from("x")) }, NOW, BASE)).value).toBeTruthy();
  });

  it("imports a JWK with its private half and signs with it; refuses one without", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-384" });
    const jwk = privateKey.export({ format: "jwk" });
    const imported = bundle(keys.import(v, "imported", { key: { ...jwk, key_ops: ["sign", "verify"] }, Hsm: true }, NOW, BASE));
    expect(imported.key).toMatchObject({ kty: "EC-HSM", crv: "P-384", x: jwk.x, y: jwk.y });
    expect(imported.key).not.toHaveProperty("d");
    const digest = digestOf("sha384", Buffer.from("m"));
    const sig = answer(keys.operate(v, "imported", undefined, "sign", { alg: "ES384", value: b64(digest) }, NOW, BASE)).value as string;
    expect(verify("sha384", Buffer.from("m"), { key: privateKey, dsaEncoding: "ieee-p1363" }, Buffer.from(sig, "base64url"))).toBe(true);
    const { d: _d, ...publicOnly } = jwk;
    expect(failure(() => keys.import(v, "public-only", { key: publicOnly }, NOW, BASE)).message).toMatch(/no private key material/);
  });
});

describe("soft delete, purge protection, backup", () => {
  it("keeps a deleted key's name taken until it is recovered or purged", () => {
    const keys = keysOn();
    const v = vault();
    keys.create(v, "gone", { kty: "EC" }, NOW, BASE);
    const deleted = keys.delete(v, "gone", NOW, BASE) as Record<string, unknown>;
    expect(deleted).toMatchObject({ recoveryId: `${BASE}/deletedkeys/gone`, deletedDate: expect.any(Number), scheduledPurgeDate: expect.any(Number) });
    expect(failure(() => keys.get(v, "gone", undefined, BASE)).code).toBe("KeyNotFound");
    expect(failure(() => keys.create(v, "gone", { kty: "EC" }, NOW, BASE))).toMatchObject({ status: 409, code: "Conflict" });
    expect(keys.listDeleted(v, {}, BASE).value).toHaveLength(1);
    keys.recover(v, "gone", BASE);
    expect(bundle(keys.get(v, "gone", undefined, BASE)).key.kty).toBe("EC");
    keys.delete(v, "gone", NOW, BASE);
    keys.purge(v, "gone");
    expect(failure(() => keys.getDeleted(v, "gone", BASE)).code).toBe("KeyNotFound");
    expect(bundle(keys.create(v, "gone", { kty: "EC" }, NOW, BASE)).key.kty).toBe("EC");
  });

  it("refuses purge under purge protection", () => {
    const keys = keysOn();
    const v = vault({ enablePurgeProtection: true });
    keys.create(v, "protected", { kty: "EC" }, NOW, BASE);
    keys.delete(v, "protected", NOW, BASE);
    expect(failure(() => keys.purge(v, "protected"))).toMatchObject({ status: 403, innerCode: "KeyVaultPolicyError" });
    expect(keys.getDeleted(v, "protected", BASE)).toBeDefined();
  });

  it("restores every version from a backup, and the restored key still signs as before", () => {
    const keys = keysOn();
    const v = vault();
    const created = bundle(keys.create(v, "saved", { kty: "EC" }, NOW, BASE));
    keys.rotate(v, "saved", NOW, BASE);
    const { value: blob } = keys.backup(v, "saved");
    expect(blob).not.toContain(created.key.x as string);
    keys.delete(v, "saved", NOW, BASE);
    expect(failure(() => keys.restore(v, { value: blob }, BASE)).code).toBe("Conflict");
    keys.purge(v, "saved");
    keys.restore(v, { value: blob }, BASE);
    expect(keys.listVersions(v, "saved", {}, BASE).value).toHaveLength(2);
    const version = created.key.kid.split("/").pop()!;
    expect(bundle(keys.get(v, "saved", version, BASE)).key.x).toBe(created.key.x);
    expect(failure(() => keys.restore(v, { value: "garbage" }, BASE)).code).toBe("BadParameter");
  });
});

describe("rotation policies", () => {
  it("answers Key Vault's default, then what was set, and forgets it with the purged key", () => {
    const keys = keysOn();
    const v = vault();
    keys.create(v, "rotated", { kty: "EC" }, NOW, BASE);
    expect(keys.getRotationPolicy(v, "rotated", BASE)).toEqual({
      id: `${BASE}/keys/rotated/rotationpolicy`,
      lifetimeActions: [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Notify" } }],
      attributes: {},
    });
    const body = { lifetimeActions: [{ trigger: { timeAfterCreate: "P60D" }, action: { type: "rotate" } }], attributes: { expiryTime: "P90D" } };
    expect(keys.setRotationPolicy(v, "rotated", body, NOW, BASE)).toMatchObject({
      lifetimeActions: [{ trigger: { timeAfterCreate: "P60D" }, action: { type: "Rotate" } }],
      attributes: { expiryTime: "P90D", created: 1767225600, updated: 1767225600 },
    });
    expect(keys.getRotationPolicy(v, "rotated", BASE)).toMatchObject({ attributes: { expiryTime: "P90D" } });
    const twoTriggers = { lifetimeActions: [{ trigger: { timeAfterCreate: "P60D", timeBeforeExpiry: "P30D" }, action: { type: "Rotate" } }] };
    expect(failure(() => keys.setRotationPolicy(v, "rotated", twoTriggers, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.setRotationPolicy(v, "rotated", { attributes: { expiryTime: "90 days" } }, NOW, BASE)).code).toBe("BadParameter");
    expect(failure(() => keys.getRotationPolicy(v, "absent", BASE)).code).toBe("KeyNotFound");

    keys.delete(v, "rotated", NOW, BASE);
    keys.purge(v, "rotated");
    keys.create(v, "rotated", { kty: "EC" }, NOW, BASE);
    expect((keys.getRotationPolicy(v, "rotated", BASE) as { attributes: unknown }).attributes).toEqual({});
  });
});

describe("keys in SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), "azmi-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("survive a restart: the reopened store signs with the same private key", () => {
    const file = join(dir, "state.db");
    const first = new SqliteStore(file);
    const created = bundle(keysOn(first).create(vault(), "durable", { kty: "RSA" }, NOW, BASE));
    first.close();
    const reopened = new SqliteStore(file);
    try {
      const digest = digestOf("sha256", Buffer.from("after restart"));
      const sig = answer(keysOn(reopened).operate(vault(), "durable", undefined, "sign", { alg: "RS256", value: b64(digest) }, NOW, BASE)).value as string;
      const publicKey = createPublicKey({ key: created.key as JsonWebKey, format: "jwk" });
      expect(verify("sha256", Buffer.from("after restart"), publicKey, Buffer.from(sig, "base64url"))).toBe(true);
    } finally {
      reopened.close();
    }
  });
});
