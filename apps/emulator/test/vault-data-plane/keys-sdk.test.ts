/**
 * @azure/keyvault-keys (the newest, api-version 2025-07-01) against a vault reached through
 * azmi's proxy at https://{vault}.vault.azure.net, with ClientSecretCredential: KeyClient
 * create/get/list/update/rotate/delete with its pollers, and CryptographyClient sign/verify,
 * encrypt/decrypt and wrap/unwrap (the SDK encrypts and verifies RSA locally with the public
 * JWK azmi answered, and azmi decrypts: both sides must agree on the maths).
 */
import { createHash } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createVault } from "../support/vault-data.js";

let azmi: TestAzmi;
let credential: ClientSecretCredential;
let client: KeyClient;
const V = "kv-sdk-keys";
const VAULT_URL = `https://${V}.vault.azure.net`;

const options = () => ({ proxyOptions: { host: "http://127.0.0.1", port: azmi.port }, retryOptions: { maxRetries: 0 } });

beforeAll(async () => {
  azmi = await startTestAzmi();
  await createVault(azmi, "rg-kv-sdk-keys", V);
  credential = new ClientSecretCredential(azmi.tenantId, "41111111-1111-1111-1111-111111111112", "any-secret", {
    authorityHost: azmi.url,
    disableInstanceDiscovery: true,
  });
  client = new KeyClient(VAULT_URL, credential, options());
});

afterAll(() => azmi?.stop());

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

const sha = (alg: string, text: string) => createHash(alg).update(text).digest();

describe("KeyClient through the proxy", () => {
  it("creates RSA and EC keys and reads them back", async () => {
    const rsa = await client.createRsaKey("app-rsa", { keySize: 3072, tags: { env: "test" } });
    expect(rsa.id).toMatch(new RegExp(`^${VAULT_URL}/keys/app-rsa/[0-9a-f]{32}$`));
    expect(rsa.keyType).toBe("RSA");
    expect(rsa.key?.n).toHaveLength(384);
    expect(rsa.key?.d).toBeUndefined();
    expect(rsa.properties.tags).toEqual({ env: "test" });
    const ec = await client.createEcKey("app-ec", { curve: "P-384", hsm: true });
    expect(ec.keyType).toBe("EC-HSM");
    expect(ec.key?.crv).toBe("P-384");
    expect((await client.getKey("app-rsa")).id).toBe(rsa.id);
    expect((await client.getKey("app-rsa", { version: rsa.properties.version! })).keyOperations).toEqual([
      "encrypt",
      "decrypt",
      "sign",
      "verify",
      "wrapKey",
      "unwrapKey",
    ]);
  });

  it("lists keys across pages, and versions after a rotation", async () => {
    for (let i = 0; i < 3; i++) await client.createEcKey(`listed-${i}`);
    const names: string[] = [];
    let pages = 0;
    for await (const page of client.listPropertiesOfKeys().byPage({ maxPageSize: 2 })) {
      expect(page.length).toBeLessThanOrEqual(2);
      names.push(...page.map((p) => p.name));
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(names.filter((n) => n.startsWith("listed-"))).toEqual(["listed-0", "listed-1", "listed-2"]);
    const rotated = await client.rotateKey("listed-0");
    expect(rotated.key?.crv).toBe("P-256");
    expect(await collect(client.listPropertiesOfKeyVersions("listed-0"))).toHaveLength(2);
  });

  it("updates properties", async () => {
    const updated = await client.updateKeyProperties("listed-1", { enabled: false, tags: { t: "x" }, keyOps: ["verify"] });
    expect(updated.properties.enabled).toBe(false);
    expect(updated.keyOperations).toEqual(["verify"]);
  });

  it("soft-deletes, recovers and purges through the SDK's pollers", async () => {
    await (await client.beginDeleteKey("listed-2", { intervalInMs: 10 })).pollUntilDone();
    await expect(client.createEcKey("listed-2")).rejects.toMatchObject({ statusCode: 409, code: "Conflict" });
    const deleted = await client.getDeletedKey("listed-2");
    expect(deleted.properties.recoveryId).toBe(`${VAULT_URL}/deletedkeys/listed-2`);
    expect((await collect(client.listDeletedKeys())).map((k) => k.name)).toContain("listed-2");
    await (await client.beginRecoverDeletedKey("listed-2", { intervalInMs: 10 })).pollUntilDone();
    expect((await client.getKey("listed-2")).name).toBe("listed-2");
    await (await client.beginDeleteKey("listed-2", { intervalInMs: 10 })).pollUntilDone();
    await client.purgeDeletedKey("listed-2");
    await expect(client.getDeletedKey("listed-2")).rejects.toMatchObject({ statusCode: 404, code: "KeyNotFound" });
  });

  it("backs up and restores", async () => {
    const blob = await client.backupKey("app-ec");
    await (await client.beginDeleteKey("app-ec", { intervalInMs: 10 })).pollUntilDone();
    await client.purgeDeletedKey("app-ec");
    const restored = await client.restoreKeyBackup(blob!);
    expect(restored.name).toBe("app-ec");
    expect(restored.key?.crv).toBe("P-384");
  });

  it("answers KeyNotFound as the SDK expects it", async () => {
    await expect(client.getKey("does-not-exist")).rejects.toMatchObject({ statusCode: 404, code: "KeyNotFound" });
  });
});

describe("CryptographyClient", () => {
  it.each(["RS256", "PS256"] as const)("signs with %s on azmi and verifies", async (algorithm) => {
    const key = await client.getKey("app-rsa");
    const crypto = new CryptographyClient(key.id!, credential, options());
    const digest = sha("sha256", "payload");
    const signed = await crypto.sign(algorithm, digest);
    expect(signed.keyID).toBe(key.id);
    expect((await crypto.verify(algorithm, digest, signed.result)).result).toBe(true);
    expect((await crypto.verify(algorithm, sha("sha256", "other"), signed.result)).result).toBe(false);
    // verifyData runs in the SDK with node's createVerify, which knows no PSS padding (an SDK limitation, as against Azure)
    if (algorithm === "RS256") expect((await crypto.verifyData(algorithm, Buffer.from("payload"), signed.result)).result).toBe(true);
  });

  it("signs ES384 with an EC key, and verifies on azmi", async () => {
    const key = await client.getKey("app-ec");
    const crypto = new CryptographyClient(key, credential, options());
    const signed = await crypto.signData("ES384", Buffer.from("payload"));
    expect(signed.result).toHaveLength(96);
    expect((await crypto.verifyData("ES384", Buffer.from("payload"), signed.result)).result).toBe(true);
    expect((await crypto.verifyData("ES384", Buffer.from("tampered"), signed.result)).result).toBe(false);
  });

  it.each(["RSA-OAEP", "RSA-OAEP-256", "RSA1_5"] as const)("encrypts and decrypts with %s, wraps and unwraps", async (algorithm) => {
    const crypto = new CryptographyClient((await client.getKey("app-rsa")).id!, credential, options());
    const encrypted = await crypto.encrypt({ algorithm, plaintext: Buffer.from("the plaintext") });
    expect(Buffer.from(encrypted.result).toString()).not.toContain("the plaintext");
    const decrypted = await crypto.decrypt({ algorithm, ciphertext: encrypted.result });
    expect(Buffer.from(decrypted.result).toString()).toBe("the plaintext");
    const contentKey = Buffer.alloc(32, 9);
    const wrapped = await crypto.wrapKey(algorithm, contentKey);
    expect(Buffer.from((await crypto.unwrapKey(algorithm, wrapped.result)).result)).toEqual(contentKey);
  });
});
