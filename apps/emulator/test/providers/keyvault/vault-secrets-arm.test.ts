/**
 * Microsoft.KeyVault/vaults/secrets on Resource Manager, in strict mode: a secret declared in a
 * template (e2e/templates/vault-secret) lands in the vault's data plane, where the app whose
 * identity the template gave Key Vault Secrets User on that secret reads it, and reads nothing
 * else. Resource Manager's answers describe the current version and never carry the value.
 */
import { DeploymentsClient } from "@azure/arm-resourcesdeployments";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { ARM_SCOPE, imdsToken, operatorCredential } from "../../support/sign-in.js";
import { loadTemplate } from "../../support/templates.js";
import { ok } from "../../support/token-checks.js";
import { vaultRequest } from "../../support/vault-data.js";

const VAULT = "kv-arm-secrets";
const API = "api-version=2023-07-01";
const DATA_API = "api-version=7.5";
const SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

let azmi: TestAzmi;
let armToken: string;
let operatorVaultToken: string;
let group: string;
let vaultId: string;
let vmId: string;
let appToken: string;

const secretPath = (name: string) => `${vaultId}/secrets/${name}?${API}`;
const arm = (method: string, path: string, body?: unknown) => azmi.request(method, path, body, { authorization: `Bearer ${armToken}` });

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const operator = operatorCredential(azmi);
  armToken = (await operator.getToken(ARM_SCOPE)).token;
  operatorVaultToken = (await operator.getToken("https://vault.azure.net/.default")).token;
  group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-kv-arm`;
  vaultId = `${group}/providers/Microsoft.KeyVault/vaults/${VAULT}`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, armToken);
  vmId = `${group}/providers/Microsoft.Compute/virtualMachines/app`;
  const vm = await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } }, armToken);

  const deployments = new DeploymentsClient(operator, azmi.subscriptionId, azmi.sdkOptions());
  const deployed = await deployments.deployments.beginCreateOrUpdateAndWait("rg-kv-arm", "vault-secret", {
    properties: {
      mode: "Incremental",
      template: loadTemplate("vault-secret.json"),
      parameters: { vaultName: { value: VAULT }, secretValue: { value: "from-the-template" }, appPrincipalId: { value: vm.identity.principalId } },
    },
  });
  expect(deployed.properties?.provisioningState).toBe("Succeeded");
  expect((deployed.properties?.outputs as Record<string, { value: string }>)["secretUri"]?.value).toBe(`https://${VAULT}.vault.azure.net/secrets/db-password`);
  appToken = await imdsToken(azmi, vmId, "https://vault.azure.net");
});
afterAll(() => azmi?.stop());

describe("a secret declared in a template", () => {
  it("is read by the app it was given to, through the data plane", async () => {
    const read = await vaultRequest(azmi, VAULT, "GET", `/secrets/db-password?${DATA_API}`, { token: appToken });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ value: "from-the-template", contentType: "text/plain" });
  });

  it("is described by Resource Manager without its value", async () => {
    const got = await arm("GET", secretPath("db-password"));
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      id: `${vaultId}/secrets/db-password`,
      name: "db-password",
      type: "Microsoft.KeyVault/vaults/secrets",
      location: "westeurope",
      properties: {
        contentType: "text/plain",
        attributes: { enabled: true, created: expect.any(Number), updated: expect.any(Number) },
        secretUri: `https://${VAULT}.vault.azure.net/secrets/db-password`,
      },
    });
    expect(got.json.properties.value).toBeUndefined();
    expect(got.text).not.toContain("from-the-template");
    const data = await vaultRequest(azmi, VAULT, "GET", `/secrets/db-password?${DATA_API}`, { token: appToken });
    // The data plane names the version under the address the client used (here .vault.localhost).
    const version = String(data.json.id).split("/").pop();
    expect(got.json.properties.secretUriWithVersion).toBe(`https://${VAULT}.vault.azure.net/secrets/db-password/${version}`);
  });
});

describe("Resource Manager's secrets", () => {
  it("make a new version on each PUT with a value (201, then 200), which the data plane serves", async () => {
    const created = await arm("PUT", secretPath("api-key"), { properties: { value: "v1" }, tags: { team: "web" } });
    expect(created.status).toBe(201);
    expect(created.json.properties.value).toBeUndefined();
    expect(created.json.tags).toEqual({ team: "web" });
    const updated = await arm("PUT", secretPath("api-key"), { properties: { value: "v2" } });
    expect(updated.status).toBe(200);
    expect(updated.json.properties.secretUriWithVersion).not.toBe(created.json.properties.secretUriWithVersion);

    await ok(
      azmi,
      "PUT",
      `${vaultId}/providers/Microsoft.Authorization/roleAssignments/0c1b5e0e-8f7a-4b8e-9a0a-2f4c6c9d1e11?api-version=2022-04-01`,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_OFFICER}`,
          principalId: String(decodeJwt(operatorVaultToken).oid),
          principalType: "ServicePrincipal",
        },
      },
      armToken,
    );
    const versions = await vaultRequest(azmi, VAULT, "GET", `/secrets/api-key/versions?${DATA_API}`, { token: operatorVaultToken });
    expect(versions.json.value).toHaveLength(2);
    expect((await vaultRequest(azmi, VAULT, "GET", `/secrets/api-key?${DATA_API}`, { token: operatorVaultToken })).json.value).toBe("v2");
  });

  it("is not readable by the app that holds a role on another secret only", async () => {
    const refused = await vaultRequest(azmi, VAULT, "GET", `/secrets/api-key?${DATA_API}`, { token: appToken });
    expect(refused.status).toBe(403);
    expect(refused.json.error.innererror.code).toBe("ForbiddenByRbac");
  });

  it("lists the vault's secrets and changes attributes with PATCH, without a new version", async () => {
    const listed = await arm("GET", `${vaultId}/secrets?${API}`);
    expect(listed.status).toBe(200);
    expect(listed.json.value.map((s: { name: string }) => s.name).sort()).toEqual(["api-key", "db-password"]);
    const before = (await arm("GET", secretPath("api-key"))).json;
    const patched = await arm("PATCH", secretPath("api-key"), { properties: { attributes: { enabled: false } } });
    expect(patched.status).toBe(200);
    expect(patched.json.properties.attributes.enabled).toBe(false);
    expect(patched.json.properties.secretUriWithVersion).toBe(before.properties.secretUriWithVersion);
    const disabled = await vaultRequest(azmi, VAULT, "GET", `/secrets/api-key?${DATA_API}`, { token: operatorVaultToken });
    expect(disabled.status).toBe(403);
    expect(disabled.json.error.innererror.code).toBe("SecretDisabled");
  });

  it("answers Azure's errors: a missing secret, a missing vault, a value-less create, a name held by a deleted secret", async () => {
    const missing = await arm("GET", secretPath("nope"));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("ResourceNotFound");
    expect((await arm("PATCH", secretPath("nope"), { properties: { value: "x" } })).status).toBe(404);
    const noVault = await arm("PUT", `${group}/providers/Microsoft.KeyVault/vaults/kv-not-here/secrets/s?${API}`, { properties: { value: "x" } });
    expect(noVault.status).toBe(404);
    expect(noVault.json.error.code).toBe("ResourceNotFound");
    const valueless = await arm("PUT", secretPath("empty"), { properties: {} });
    expect(valueless.status).toBe(400);
    expect((await arm("GET", secretPath("empty"))).status).toBe(404);

    const deleted = await vaultRequest(azmi, VAULT, "DELETE", `/secrets/api-key?${DATA_API}`, { token: operatorVaultToken });
    expect(deleted.status).toBe(200);
    const taken = await arm("PUT", secretPath("api-key"), { properties: { value: "v3" } });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ code: "Conflict", message: expect.stringContaining("deleted but recoverable") });
    expect((await arm("GET", secretPath("api-key"))).status).toBe(404);
  });
});
