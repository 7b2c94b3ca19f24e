/**
 * The keys of the Key Vault data plane on the wire (permissive mode): create and import,
 * versions, paging, the public JWK only, sign/verify and encrypt/decrypt checked by node:crypto
 * against the returned JWK, soft delete, backup and restore, rotation, and Key Vault's errors.
 */
import { constants, createHash, createPublicKey, generateKeyPairSync, publicEncrypt, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createVault, vaultRequest, vaultToken } from "../support/vault-data.js";

let azmi: TestAzmi;
let token: string;
const V = "kv-wire-keys";
const API = "api-version=7.5";

beforeAll(async () => {
  azmi = await startTestAzmi();
  await createVault(azmi, "rg-kv-wire-keys", V);
  token = await vaultToken(azmi, "31111111-1111-1111-1111-111111111112");
});

afterAll(() => azmi?.stop());

const kv = (method: string, path: string, body?: unknown, t: string | null = token) =>
  vaultRequest(azmi, V, method, path, { ...(body === undefined ? {} : { body }), ...(t === null ? {} : { token: t }) });
const b64 = (b: Buffer) => b.toString("base64url");
const sha256 = (s: string) => createHash("sha256").update(s).digest();

describe("keys on the wire", () => {
  it("asks for a token first, with Key Vault's challenge", async () => {
    const res = await kv("POST", `/keys/first/create?${API}`, { kty: "RSA" }, null);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('resource="https://vault.azure.net"');
  });

  it("creates an RSA key and answers its public JWK under a kid of the vault's address", async () => {
    const res = await kv("POST", `/keys/signer/create?${API}`, { kty: "RSA", key_size: 2048, tags: { app: "a" } });
    expect(res.status).toBe(200);
    expect(res.json.key.kid).toMatch(new RegExp(`^http://${V}\\.vault\\.localhost:${azmi.port}/keys/signer/[0-9a-f]{32}$`));
    expect(Object.keys(res.json.key).sort()).toEqual(["e", "key_ops", "kid", "kty", "n"]);
    expect(res.json).toMatchObject({ tags: { app: "a" }, attributes: { enabled: true, recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90 } });
    // nobody holds a Key Vault role here: strict mode would refuse, and says with which data action
    expect(res.headers["x-azmi-authorization"]).toMatch(
      /^permissive mode; would be refused in strict mode by Azure RBAC: Microsoft\.KeyVault\/vaults\/keys\/create\/action at '[^']*\/keys\/signer'/,
    );
    expect(res.text).not.toMatch(/"(d|p|q|dp|dq|qi)":/);
  });

  it("signs a digest (the latest version through an empty version segment) and node verifies it with the JWK", async () => {
    const jwk = (await kv("GET", `/keys/signer?${API}`)).json.key;
    const signed = await kv("POST", `/keys/signer//sign?${API}`, { alg: "PS256", value: b64(sha256("hello")) });
    expect(signed.status).toBe(200);
    expect(signed.json.kid).toBe(jwk.kid);
    const signature = Buffer.from(signed.json.value, "base64url");
    const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
    expect(verify("sha256", Buffer.from("hello"), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).toBe(true);
    const version = jwk.kid.split("/").pop();
    const checked = await kv("POST", `/keys/signer/${version}/verify?${API}`, { alg: "PS256", digest: b64(sha256("hello")), value: signed.json.value });
    expect(checked.json).toEqual({ value: true });
    const wrong = await kv("POST", `/keys/signer/${version}/verify?${API}`, { alg: "PS256", digest: b64(sha256("other")), value: signed.json.value });
    expect(wrong.json).toEqual({ value: false });
  });

  it("signs ES256 as raw r||s of 64 bytes", async () => {
    const created = await kv("POST", `/keys/ec-signer/create?${API}`, { kty: "EC", crv: "P-256" });
    expect(created.json.key).toMatchObject({ kty: "EC", crv: "P-256", key_ops: ["sign", "verify"] });
    const signed = await kv("POST", `/keys/ec-signer/sign?${API}`, { alg: "ES256", value: b64(sha256("m")) });
    const signature = Buffer.from(signed.json.value, "base64url");
    expect(signature).toHaveLength(64);
    const key = createPublicKey({ key: created.json.key as JsonWebKey, format: "jwk" });
    expect(verify("sha256", Buffer.from("m"), { key, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
  });

  it("decrypts what was encrypted with the public JWK, and wraps and unwraps", async () => {
    const jwk = (await kv("GET", `/keys/signer?${API}`)).json.key;
    const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
    const sealed = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from("plain"));
    const opened = await kv("POST", `/keys/signer/decrypt?${API}`, { alg: "RSA-OAEP-256", value: b64(sealed) });
    expect(Buffer.from(opened.json.value, "base64url").toString()).toBe("plain");
    const wrapped = await kv("POST", `/keys/signer/wrapkey?${API}`, { alg: "RSA-OAEP", value: b64(Buffer.alloc(32, 1)) });
    const unwrapped = await kv("POST", `/keys/signer/unwrapkey?${API}`, { alg: "RSA-OAEP", value: wrapped.json.value });
    expect(Buffer.from(unwrapped.json.value, "base64url")).toEqual(Buffer.alloc(32, 1));
    const enc = await kv("POST", `/keys/signer/encrypt?${API}`, { alg: "RSA1_5", value: b64(Buffer.from("x")) });
    const dec = await kv("POST", `/keys/signer/decrypt?${API}`, { alg: "RSA1_5", value: enc.json.value });
    expect(Buffer.from(dec.json.value, "base64url").toString()).toBe("x");
  });

  it("imports a JWK, never answering its private half", async () => {
    const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const res = await kv("PUT", `/keys/imported?${API}`, { key: { ...jwk, key_ops: ["decrypt", "unwrapKey"] }, Hsm: false });
    expect(res.status).toBe(200);
    expect(res.json.key).toMatchObject({ kty: "RSA", n: jwk.n, e: jwk.e, key_ops: ["decrypt", "unwrapKey"] });
    expect(res.json.key).not.toHaveProperty("d");
    const refused = await kv("POST", `/keys/imported/sign?${API}`, { alg: "RS256", value: b64(sha256("m")) });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "KeyOperationForbidden" } });
  });

  it("updates attributes, key_ops and tags of a version", async () => {
    const res = await kv("PATCH", `/keys/signer?${API}`, { key_ops: ["sign", "verify"], attributes: { enabled: false }, tags: { t: "2" } });
    expect(res.json).toMatchObject({ key: { key_ops: ["sign", "verify"] }, attributes: { enabled: false }, tags: { t: "2" } });
    const disabled = await kv("POST", `/keys/signer/sign?${API}`, { alg: "RS256", value: b64(sha256("m")) });
    expect(disabled.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "KeyDisabled" } });
    await kv("PATCH", `/keys/signer?${API}`, { attributes: { enabled: true } });
  });

  it("rotates, lists versions and keys with nextLink paging", async () => {
    const rotated = await kv("POST", `/keys/signer/rotate?${API}`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.key).toMatchObject({ kty: "RSA", key_ops: ["sign", "verify"] });
    expect((await kv("GET", `/keys/signer/versions?${API}`)).json.value).toHaveLength(2);
    const first = await kv("GET", `/keys?${API}&maxresults=2`);
    expect(first.json.value).toHaveLength(2);
    expect(first.json.value[0]).not.toHaveProperty("key");
    expect(first.json.nextLink).toMatch(/\$skiptoken=/);
    const next = new URL(first.json.nextLink);
    const second = await kv("GET", `${next.pathname}${next.search}`);
    const kids = [...first.json.value, ...second.json.value].map((k: { kid: string }) => k.kid.split("/").pop());
    expect(kids).toEqual(["ec-signer", "imported", "signer"]);
    expect(second.json.nextLink).toBeNull();
  });

  it("answers KeyNotFound with Key Vault's message, and BadParameter for a bad algorithm", async () => {
    const res = await kv("GET", `/keys/missing?${API}`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("KeyNotFound");
    expect(res.json.error.message).toMatch(/^A key with \(name\/id\) missing was not found in this key vault\./);
    const bad = await kv("POST", `/keys/ec-signer/sign?${API}`, { alg: "RS256", value: b64(sha256("m")) });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("BadParameter");
  });

  it("soft-deletes: the name answers Conflict until recovered or purged", async () => {
    const deleted = await kv("DELETE", `/keys/ec-signer?${API}`);
    expect(deleted.json.recoveryId).toBe(`http://${V}.vault.localhost:${azmi.port}/deletedkeys/ec-signer`);
    expect(deleted.json.key.kty).toBe("EC");
    expect((await kv("POST", `/keys/ec-signer/create?${API}`, { kty: "EC" })).status).toBe(409);
    expect((await kv("GET", `/deletedkeys?${API}`)).json.value.map((k: { kid: string }) => k.kid)).toContain(
      `http://${V}.vault.localhost:${azmi.port}/keys/ec-signer`,
    );
    expect((await kv("GET", `/deletedkeys/ec-signer?${API}`)).status).toBe(200);
    expect((await kv("POST", `/deletedkeys/ec-signer/recover?${API}`)).status).toBe(200);
    expect((await kv("GET", `/keys/ec-signer?${API}`)).status).toBe(200);
    await kv("DELETE", `/keys/ec-signer?${API}`);
    expect((await kv("DELETE", `/deletedkeys/ec-signer?${API}`)).status).toBe(204);
    expect((await kv("GET", `/deletedkeys/ec-signer?${API}`)).status).toBe(404);
  });

  it("backs up and restores a key with its versions", async () => {
    const backup = await kv("POST", `/keys/signer/backup?${API}`);
    expect(backup.json.value).toMatch(/^[A-Za-z0-9_-]+$/);
    await kv("DELETE", `/keys/signer?${API}`);
    await kv("DELETE", `/deletedkeys/signer?${API}`);
    const restored = await kv("POST", `/keys/restore?${API}`, { value: backup.json.value });
    expect(restored.status).toBe(200);
    expect((await kv("GET", `/keys/signer/versions?${API}`)).json.value).toHaveLength(2);
  });

  it("stores a rotation policy, answering Key Vault's default before one is set", async () => {
    const before = await kv("GET", `/keys/signer/rotationpolicy?${API}`);
    expect(before.json).toEqual({
      id: `http://${V}.vault.localhost:${azmi.port}/keys/signer/rotationpolicy`,
      lifetimeActions: [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Notify" } }],
      attributes: {},
    });
    const policy = { lifetimeActions: [{ trigger: { timeAfterCreate: "P60D" }, action: { type: "Rotate" } }], attributes: { expiryTime: "P90D" } };
    expect((await kv("PUT", `/keys/signer/rotationpolicy?${API}`, policy)).status).toBe(200);
    expect((await kv("GET", `/keys/signer/rotationpolicy?${API}`)).json).toMatchObject(policy);
    expect((await kv("GET", `/keys/missing/rotationpolicy?${API}`)).json.error.code).toBe("KeyNotFound");
  });

  it("answers key operations azmi does not serve with NotSupported, not a router 404", async () => {
    for (const [method, path] of [
      ["POST", "/keys/signer/release"],
      ["POST", "/rng"],
    ]) {
      const res = await kv(method!, `${path}?${API}`, {});
      expect(res.status, `${method} ${path}`).toBe(501);
      expect(res.json.error.code).toBe("NotSupported");
    }
  });
});
