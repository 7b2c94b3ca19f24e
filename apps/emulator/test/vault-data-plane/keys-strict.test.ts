/**
 * Strict mode on the keys of the Key Vault data plane: a web app's user-assigned identity, given
 * Key Vault Crypto User on one key, signs with that key through @azure/keyvault-keys and
 * ManagedIdentityCredential (as the app's code would), but cannot create a key nor use another
 * one; an access policy that grants only `sign` lets the SDK sign (it falls back to the service
 * when it may not read the key) and refuses `get`; a token for Resource Manager is refused.
 */
import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { ManagedIdentityCredential } from "@azure/identity";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { assignRole, identityEnvironmentOf, ok, setIdentityEnvironment } from "../support/token-checks.js";
import { createVault, vaultRequest } from "../support/vault-data.js";
import { imdsToken, operatorCredential } from "../support/sign-in.js";

const CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";
const CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424";
const API = "api-version=7.5";
const RG = "rg-kv-keys-strict";
const VAULT = "kv-keys-strict";
const POLICY_VAULT = "kv-keys-policies";

let azmi: TestAzmi;
let armToken: string;
let operatorVaultToken: string;
let operatorId: string;
let vaultId: string;
let appId: string;
let uai: { principalId: string; clientId: string };

const assign = (scope: string, role: string, principalId: string) => assignRole(azmi, scope, role, principalId, armToken);

const sdkOptions = () => ({ proxyOptions: { host: "http://127.0.0.1", port: azmi.port }, retryOptions: { maxRetries: 0 } });
const digest = createHash("sha256").update("release 1.0").digest();

/** Runs `body` with the process environment of the web app (IDENTITY_ENDPOINT ...), as its code runs. */
async function asTheApp<T>(body: (credential: ManagedIdentityCredential) => Promise<T>): Promise<T> {
  const restore = setIdentityEnvironment(await identityEnvironmentOf(azmi, appId));
  try {
    return await body(new ManagedIdentityCredential({ clientId: uai.clientId }));
  } finally {
    restore();
  }
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const operator = operatorCredential(azmi);
  armToken = (await operator.getToken("https://management.azure.com/.default")).token;
  operatorVaultToken = (await operator.getToken("https://vault.azure.net/.default")).token;
  operatorId = String(decodeJwt(operatorVaultToken).oid);
  vaultId = await createVault(azmi, RG, VAULT, {}, armToken);
  const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${RG}`;
  const identity = await ok(
    azmi,
    "PUT",
    `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kv-keys-app-id?api-version=2023-01-31`,
    { location: "westeurope" },
    armToken,
  );
  uai = { principalId: identity.properties.principalId, clientId: identity.properties.clientId };
  const plan = `${group}/providers/Microsoft.Web/serverfarms/kv-keys-plan`;
  await ok(azmi, "PUT", `${plan}?api-version=2023-12-01`, { location: "westeurope", sku: { name: "B1" } }, armToken);
  appId = `${group}/providers/Microsoft.Web/sites/kv-keys-app`;
  await ok(
    azmi,
    "PUT",
    `${appId}?api-version=2023-12-01`,
    { location: "westeurope", identity: { type: "UserAssigned", userAssignedIdentities: { [identity.id]: {} } }, properties: { serverFarmId: plan } },
    armToken,
  );
});

afterAll(() => azmi?.stop());

describe("an RBAC vault in strict mode", () => {
  it("refuses the subscription's Owner a key until it holds Key Vault Crypto Officer", async () => {
    const refused = await vaultRequest(azmi, VAULT, "POST", `/keys/release-signing/create?${API}`, { body: { kty: "EC" }, token: operatorVaultToken });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "ForbiddenByRbac" } });
    expect(refused.headers["x-azmi-authorization"]).toContain("Microsoft.KeyVault/vaults/keys/create/action");
    await assign(vaultId, CRYPTO_OFFICER, operatorId);
    for (const name of ["release-signing", "other-key"]) {
      const created = await vaultRequest(azmi, VAULT, "POST", `/keys/${name}/create?${API}`, { body: { kty: "EC" }, token: operatorVaultToken });
      expect(created.status).toBe(200);
    }
    // Crypto Officer's keyrotationpolicies/* covers the policy azurerm reads on every refresh
    const policy = await vaultRequest(azmi, VAULT, "GET", `/keys/release-signing/rotationpolicy?${API}`, { token: operatorVaultToken });
    expect(policy.status).toBe(200);
  });

  it("lets the app's identity, Crypto User on one key, sign with that key only, and create nothing", async () => {
    const before = await vaultRequest(azmi, VAULT, "POST", `/keys/release-signing/sign?${API}`, {
      body: { alg: "ES256", value: digest.toString("base64url") },
      token: await imdsToken(azmi, appId, "https://vault.azure.net", uai.clientId),
    });
    expect(before.status).toBe(403);

    await assign(`${vaultId}/keys/release-signing`, CRYPTO_USER, uai.principalId);
    await asTheApp(async (credential) => {
      const keys = new KeyClient(`https://${VAULT}.vault.azure.net`, credential, sdkOptions());
      const key = await keys.getKey("release-signing");
      const crypto = new CryptographyClient(key.id!, credential, sdkOptions());
      const signed = await crypto.sign("ES256", digest);
      const publicKey = createPublicKey({
        key: {
          kty: "EC",
          crv: key.key!.crv,
          x: Buffer.from(key.key!.x!).toString("base64url"),
          y: Buffer.from(key.key!.y!).toString("base64url"),
        } as JsonWebKey,
        format: "jwk",
      });
      expect(verify("sha256", Buffer.from("release 1.0"), { key: publicKey, dsaEncoding: "ieee-p1363" }, signed.result)).toBe(true);
      expect((await crypto.verify("ES256", digest, signed.result)).result).toBe(true);

      await expect(keys.createEcKey("app-made")).rejects.toMatchObject({ statusCode: 403, code: "Forbidden" });
      // Crypto User holds no keyrotationpolicies action
      await expect(keys.getKeyRotationPolicy("release-signing")).rejects.toMatchObject({ statusCode: 403 });
      await expect(keys.getKey("other-key")).rejects.toMatchObject({ statusCode: 403 });
      const other = new CryptographyClient(`https://${VAULT}.vault.azure.net/keys/other-key`, credential, sdkOptions());
      await expect(other.sign("ES256", digest)).rejects.toMatchObject({ statusCode: 403, code: "Forbidden" });
    });
  });

  it("refuses a token meant for Resource Manager with the challenge", async () => {
    const res = await vaultRequest(azmi, VAULT, "GET", `/keys/release-signing?${API}`, { token: armToken });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('resource="https://vault.azure.net"');
  });
});

describe("an access-policy vault in strict mode", () => {
  beforeAll(async () => {
    await createVault(
      azmi,
      RG,
      POLICY_VAULT,
      {
        enableRbacAuthorization: false,
        accessPolicies: [
          { tenantId: azmi.tenantId, objectId: operatorId, permissions: { keys: ["create", "get"] } },
          { tenantId: azmi.tenantId, objectId: uai.principalId, permissions: { keys: ["sign"] } },
        ],
      },
      armToken,
    );
    const created = await vaultRequest(azmi, POLICY_VAULT, "POST", `/keys/policy-key/create?${API}`, { body: { kty: "RSA" }, token: operatorVaultToken });
    expect(created.status).toBe(200);
  });

  it("lets an identity whose policy holds only sign sign, and refuses it get", async () => {
    await asTheApp(async (credential) => {
      const crypto = new CryptographyClient(`https://${POLICY_VAULT}.vault.azure.net/keys/policy-key`, credential, sdkOptions());
      const signed = await crypto.sign("RS256", digest);
      expect(signed.result).toHaveLength(256);
      const keys = new KeyClient(`https://${POLICY_VAULT}.vault.azure.net`, credential, sdkOptions());
      await expect(keys.getKey("policy-key")).rejects.toMatchObject({ statusCode: 403, code: "Forbidden" });
    });
    const refused = await vaultRequest(azmi, POLICY_VAULT, "GET", `/keys/policy-key?${API}`, {
      token: await imdsToken(azmi, appId, "https://vault.azure.net", uai.clientId),
    });
    expect(refused.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "AccessDenied" } });
    expect(refused.json.error.message).toContain("does not have keys get permission");
  });
});
