/**
 * `az keyvault key` on a vault's data plane through the proxy, with the newest az (Debian's az
 * 2.45 lacks the data-plane SDK): create RSA and EC keys, show, list, sign a digest and verify
 * the signature (on azmi, and with node:crypto against the public key az shows).
 */
import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzSession, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

const newest = findAz("newest");
const skipReason = skipReasonForAz(newest);
if (skipReason !== undefined) console.warn(`SKIPPED az keyvault key tests: ${skipReason}`);

interface KeyOutput {
  key: { kid: string; kty: string; crv?: string; x?: string; y?: string; n?: string; e?: string; keyOps?: string[] };
  attributes: { enabled: boolean };
}

describe.skipIf(skipReason !== undefined)("az keyvault key on the data plane, through the proxy", () => {
  let emulator: AzmiProcess;
  let session: AzSession;
  const vault = `kvkey${Date.now().toString(36)}`;

  beforeAll(async () => {
    emulator = await startAzmiProcess();
    session = await createAzSession(newest!, emulator);
    await session.login();
    await session.json(["group", "create", "-n", "kv-keys-rg", "-l", "westeurope"]);
    await session.json(["keyvault", "create", "-n", vault, "-g", "kv-keys-rg", "-l", "westeurope", "--enable-rbac-authorization", "true"]);
  }, 180_000);
  afterAll(async () => {
    await session?.dispose();
    await emulator?.stop();
  });

  it("creates, shows and lists keys", async () => {
    const rsa = await session.json<KeyOutput>(["keyvault", "key", "create", "--vault-name", vault, "-n", "app-rsa", "--kty", "RSA", "--size", "2048"]);
    expect(rsa.key.kid).toMatch(new RegExp(`^https://${vault}\\.vault\\.azure\\.net/keys/app-rsa/[0-9a-f]{32}$`));
    expect(rsa.key.kty).toBe("RSA");
    const ec = await session.json<KeyOutput>(["keyvault", "key", "create", "--vault-name", vault, "-n", "app-ec", "--kty", "EC", "--curve", "P-256"]);
    expect(ec.key).toMatchObject({ kty: "EC", crv: "P-256" });
    expect((await session.json<KeyOutput>(["keyvault", "key", "show", "--vault-name", vault, "-n", "app-rsa"])).key.kid).toBe(rsa.key.kid);
    const listed = await session.json<Array<{ name: string }>>(["keyvault", "key", "list", "--vault-name", vault]);
    expect(listed.map((k) => k.name)).toEqual(["app-ec", "app-rsa"]);
  }, 180_000);

  it("signs a digest and verifies the signature", async () => {
    const digest = createHash("sha256").update("release").digest("base64");
    const signed = await session.json<{ keyId: string; signature: string }>([
      "keyvault",
      "key",
      "sign",
      "--vault-name",
      vault,
      "-n",
      "app-ec",
      "-a",
      "ES256",
      "--digest",
      digest,
    ]);
    // az prints the Python SDK's SignResult: key_id and signature (bytes, as base64)
    const signature = signed.signature;
    expect(signed.keyId).toMatch(new RegExp(`/keys/app-ec/[0-9a-f]{32}$`));
    const raw = Buffer.from(signature, "base64");
    expect(raw).toHaveLength(64);
    const shown = await session.json<KeyOutput>(["keyvault", "key", "show", "--vault-name", vault, "-n", "app-ec"]);
    const jwk = { kty: "EC", crv: shown.key.crv, x: toB64Url(shown.key.x!), y: toB64Url(shown.key.y!) } as JsonWebKey;
    expect(verify("sha256", Buffer.from("release"), { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" }, raw)).toBe(true);

    const checked = await session.json<{ isValid: boolean }>([
      "keyvault",
      "key",
      "verify",
      "--vault-name",
      vault,
      "-n",
      "app-ec",
      "-a",
      "ES256",
      "--digest",
      digest,
      "--signature",
      signature,
    ]);
    expect(checked.isValid).toBe(true);
    const other = createHash("sha256").update("tampered").digest("base64");
    const refused = await session.json<{ isValid: boolean }>([
      "keyvault",
      "key",
      "verify",
      "--vault-name",
      vault,
      "-n",
      "app-ec",
      "-a",
      "ES256",
      "--digest",
      other,
      "--signature",
      signature,
    ]);
    expect(refused.isValid).toBe(false);
  }, 180_000);
});

/** az shows JWK members as base64 (or base64url); node wants base64url. */
function toB64Url(value: string): string {
  return Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64").toString("base64url");
}
