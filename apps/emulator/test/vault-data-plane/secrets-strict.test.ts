/**
 * Strict mode on the Key Vault data plane, as Azure decides it: the subscription's Owner holds no
 * data action and cannot touch a secret of an RBAC vault until given a Key Vault role; an app's
 * managed identity with Key Vault Secrets User on one secret reads that secret (through
 * @azure/keyvault-secrets and ManagedIdentityCredential, as the app's code would) and nothing
 * else; an access-policy vault grants what its policies list. x-azmi-authorization says why.
 */
import { ManagedIdentityCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { assignRole, identityEnvironmentOf, ok, setIdentityEnvironment } from "../support/token-checks.js";
import { createVault, vaultRequest } from "../support/vault-data.js";
import { imdsToken, operatorCredential } from "../support/sign-in.js";

const SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
const SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
const API = "api-version=7.5";
const RG = "rg-kv-data-strict";

let azmi: TestAzmi;
let armToken: string;
let operatorVaultToken: string;
let operatorId: string;
let vaultId: string;
let policyVaultId: string;
let appId: string;
let appPrincipal: string;

const assign = (scope: string, role: string, principalId: string) => assignRole(azmi, scope, role, principalId, armToken);

const imdsVaultToken = (resourceId: string) => imdsToken(azmi, resourceId, "https://vault.azure.net");

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const operator = operatorCredential(azmi);
  armToken = (await operator.getToken("https://management.azure.com/.default")).token;
  operatorVaultToken = (await operator.getToken("https://vault.azure.net/.default")).token;
  operatorId = String(decodeJwt(operatorVaultToken).oid);
  vaultId = await createVault(azmi, RG, "kv-data-strict", {}, armToken);
  appId = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Web/sites/kv-data-app`;
  const plan = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Web/serverfarms/kv-data-plan`;
  await ok(azmi, "PUT", `${plan}?api-version=2023-12-01`, { location: "westeurope", sku: { name: "B1" } }, armToken);
  const site = await ok(
    azmi,
    "PUT",
    `${appId}?api-version=2023-12-01`,
    { location: "westeurope", identity: { type: "SystemAssigned" }, properties: { serverFarmId: plan } },
    armToken,
  );
  appPrincipal = site.identity.principalId;
});

afterAll(() => azmi?.stop());

describe("an RBAC vault in strict mode", () => {
  it("refuses the subscription's Owner a secret until it holds a Key Vault data role", async () => {
    const refused = await vaultRequest(azmi, "kv-data-strict", "PUT", `/secrets/db-password?${API}`, { body: { value: "p@ss" }, token: operatorVaultToken });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "ForbiddenByRbac" } });
    expect(refused.headers["x-azmi-authorization"]).toMatch(/^denied by Azure RBAC/);
    expect(refused.headers["x-azmi-authorization"]).toContain("Microsoft.KeyVault/vaults/secrets/setSecret/action");

    await assign(vaultId, SECRETS_OFFICER, operatorId);
    for (const [name, value] of [
      ["db-password", "p@ss"],
      ["other", "not for the app"],
    ])
      expect((await vaultRequest(azmi, "kv-data-strict", "PUT", `/secrets/${name}?${API}`, { body: { value }, token: operatorVaultToken })).status).toBe(200);
  });

  it("refuses what a deny assignment covers to a principal whose role allows it, naming it in Key Vault's 403", async () => {
    const deny = azmi.services.rbac.denyAssignments.put({
      name: "5b0f8f0e-3c1d-4d55-9a47-0f3c2d1e4b6a",
      scope: vaultId,
      denyAssignmentName: "no secret reads",
      permissions: [{ actions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action"] }],
      principals: [{ id: "00000000-0000-0000-0000-000000000000", type: "SystemDefined" }],
    });
    try {
      const refused = await vaultRequest(azmi, "kv-data-strict", "GET", `/secrets/db-password?${API}`, { token: operatorVaultToken });
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "ForbiddenByRbac" } });
      expect(refused.json.error.message).toContain(`DenyAssignmentId: ${deny.name}`);
      expect(refused.headers["x-azmi-authorization"]).toContain("denied by the deny assignment 'no secret reads'");
    } finally {
      azmi.services.rbac.denyAssignments.delete(deny);
    }
    expect((await vaultRequest(azmi, "kv-data-strict", "GET", `/secrets/db-password?${API}`, { token: operatorVaultToken })).status).toBe(200);
  });

  it("lets an app's identity read exactly the secret it was given, and nothing more", async () => {
    const appToken = await imdsVaultToken(appId);
    const before = await vaultRequest(azmi, "kv-data-strict", "GET", `/secrets/db-password?${API}`, { token: appToken });
    expect(before.status).toBe(403);

    await assign(`${vaultId}/secrets/db-password`, SECRETS_USER, appPrincipal);
    const restore = setIdentityEnvironment(await identityEnvironmentOf(azmi, appId));
    try {
      const client = new SecretClient("https://kv-data-strict.vault.azure.net", new ManagedIdentityCredential(), {
        proxyOptions: { host: "http://127.0.0.1", port: azmi.port },
        retryOptions: { maxRetries: 0 },
      });
      expect((await client.getSecret("db-password")).value).toBe("p@ss");
      await expect(client.getSecret("other")).rejects.toMatchObject({ statusCode: 403, code: "Forbidden" });
      await expect(client.setSecret("db-password", "changed")).rejects.toMatchObject({ statusCode: 403 });
    } finally {
      restore();
    }
    const read = await vaultRequest(azmi, "kv-data-strict", "GET", `/secrets/db-password?${API}`, { token: appToken });
    expect(read.json.value).toBe("p@ss");
  });

  it("refuses certificate contacts to a Secrets Officer: reading them too needs certificatecontacts/write", async () => {
    const res = await vaultRequest(azmi, "kv-data-strict", "GET", `/certificates/contacts?${API}`, { token: operatorVaultToken });
    expect(res.status).toBe(403);
    expect(res.headers["x-azmi-authorization"]).toContain("Microsoft.KeyVault/vaults/certificatecontacts/write");
  });

  it("refuses a token meant for Resource Manager with the challenge", async () => {
    const res = await vaultRequest(azmi, "kv-data-strict", "GET", `/secrets/db-password?${API}`, { token: armToken });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('resource="https://vault.azure.net"');
  });
});

describe("an access-policy vault in strict mode", () => {
  beforeAll(async () => {
    policyVaultId = await createVault(
      azmi,
      RG,
      "kv-data-policies",
      {
        enableRbacAuthorization: false,
        accessPolicies: [
          { tenantId: azmi.tenantId, objectId: operatorId, permissions: { secrets: ["get", "set", "list"] } },
          { tenantId: azmi.tenantId, objectId: appPrincipal, permissions: { secrets: ["get"] } },
        ],
      },
      armToken,
    );
  });

  it("grants what the caller's policy lists, whatever roles it holds", async () => {
    expect(policyVaultId).toContain("kv-data-policies");
    expect((await vaultRequest(azmi, "kv-data-policies", "PUT", `/secrets/conn?${API}`, { body: { value: "c" }, token: operatorVaultToken })).status).toBe(200);
    const appToken = await imdsVaultToken(appId);
    expect((await vaultRequest(azmi, "kv-data-policies", "GET", `/secrets/conn?${API}`, { token: appToken })).json.value).toBe("c");
    const write = await vaultRequest(azmi, "kv-data-policies", "PUT", `/secrets/conn?${API}`, { body: { value: "x" }, token: appToken });
    expect(write.status).toBe(403);
    expect(write.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "AccessDenied" } });
    const list = await vaultRequest(azmi, "kv-data-policies", "GET", `/secrets?${API}`, { token: appToken });
    expect(list.status).toBe(403);
  });
});
