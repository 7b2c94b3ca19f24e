/**
 * Microsoft.KeyVault on the wire: what older api-versions default, global names across
 * subscriptions, a deleted resource group leaving its vaults soft-deleted, the purge operation's
 * polling, identities on vaults, locks, and strict-mode RBAC on vault operations.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { imdsToken, operatorCredential } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const OTHER_SUB = "22222222-0000-0000-0000-000000000000";
const OLD = "api-version=2022-07-01";
let azmi: TestAzmi;

const group = (name: string, sub = azmi.subscriptionId) => `/subscriptions/${sub}/resourceGroups/${name}`;
const vaultPath = (rg: string, name: string, sub?: string) => `${group(rg, sub)}/providers/Microsoft.KeyVault/vaults/${name}`;
const vaultBody = (extra: Record<string, unknown> = {}) => ({
  location: "westeurope",
  properties: { tenantId: azmi.tenantId, sku: { family: "A", name: "standard" }, accessPolicies: [], ...extra },
});

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { subscriptions: ["00000000-0000-0000-0000-000000000000", OTHER_SUB] } });
  for (const [name, sub] of [
    ["rg-kv", azmi.subscriptionId],
    ["rg-kv-gone", azmi.subscriptionId],
    ["rg-kv-2", OTHER_SUB],
  ] as const) {
    expect((await azmi.request("PUT", `${group(name, sub)}?api-version=2021-04-01`, { location: "westeurope" })).status).toBeLessThan(300);
  }
});
afterAll(() => azmi?.stop());

describe("vaults on the wire", () => {
  it("leaves enableRbacAuthorization unset (access policies) when created with 2022-07-01", async () => {
    const res = await azmi.request("PUT", `${vaultPath("rg-kv", "kv-old-api")}?${OLD}`, vaultBody());
    expect(res.status).toBe(200);
    expect(res.json.properties).not.toHaveProperty("enableRbacAuthorization");
    expect(res.json.properties.vaultUri).toBe("https://kv-old-api.vault.azure.net/");
    expect(azmi.services.keyVaults.findByName("KV-OLD-API")?.vault.id).toBe(vaultPath("rg-kv", "kv-old-api"));
  });

  it("stamps systemData: created once, modified by each PUT and PATCH", async () => {
    const path = `${vaultPath("rg-kv", "kv-system-data")}?api-version=2023-07-01`;
    const created = await azmi.request("PUT", path, vaultBody());
    expect(created.json.systemData).toEqual({
      createdBy: expect.any(String),
      createdByType: "Application",
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      lastModifiedBy: expect.any(String),
      lastModifiedByType: "Application",
      lastModifiedAt: created.json.systemData.createdAt,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const patched = await azmi.request("PATCH", path, { tags: { env: "test" } });
    expect(patched.json.systemData.createdAt).toBe(created.json.systemData.createdAt);
    expect(patched.json.systemData.lastModifiedAt > created.json.systemData.createdAt).toBe(true);
    expect((await azmi.request("GET", path)).json.systemData).toEqual(patched.json.systemData);
  });

  it("keeps names global: a vault of another subscription gets VaultAlreadyExists, also while the first is soft-deleted", async () => {
    await azmi.request("PUT", `${vaultPath("rg-kv", "kv-global")}?${OLD}`, vaultBody());
    const taken = await azmi.request("PUT", `${vaultPath("rg-kv-2", "kv-global", OTHER_SUB)}?${OLD}`, vaultBody());
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe("VaultAlreadyExists");
    expect(taken.json.error.message).toContain("The vault name 'kv-global' is already in use.");
    expect((await azmi.request("DELETE", `${vaultPath("rg-kv", "kv-global")}?${OLD}`)).status).toBe(200);
    expect((await azmi.request("PUT", `${vaultPath("rg-kv-2", "kv-global", OTHER_SUB)}?${OLD}`, vaultBody())).json.error.code).toBe("VaultAlreadyExists");
    expect((await azmi.request("PUT", `${vaultPath("rg-kv", "kv-global")}?${OLD}`, vaultBody())).json.error.code).toBe("ConflictError");
    expect((await azmi.request("DELETE", `${vaultPath("rg-kv", "kv-global")}?${OLD}`)).status).toBe(204);
  });

  it("refuses bad input with Azure's codes and stores nothing", async () => {
    const cases: Array<[string, unknown, number, string]> = [
      ["kv-no-tenant", { location: "westeurope", properties: { sku: { family: "A", name: "standard" } } }, 400, "BadRequest"],
      ["kv-bad-sku", vaultBody({ sku: { family: "A", name: "gold" } }), 400, "BadRequest"],
      ["kv-bad-tenant", { ...vaultBody(), properties: { ...vaultBody().properties, tenantId: "contoso" } }, 400, "BadRequest"],
      ["kv-no-location", { properties: vaultBody().properties }, 400, "LocationRequired"],
      ["ab", vaultBody(), 400, "VaultNameNotValid"],
      ["kv-body", { properties: "nope" }, 400, "InvalidRequestContent"],
    ];
    for (const [name, body, status, code] of cases) {
      const res = await azmi.request("PUT", `${vaultPath("rg-kv", name)}?${OLD}`, body);
      expect([name, res.status, res.json.error.code]).toEqual([name, status, code]);
      expect((await azmi.request("GET", `${vaultPath("rg-kv", name)}?${OLD}`)).status).toBe(404);
    }
    expect((await azmi.request("PUT", `${vaultPath("rg-missing", "kv-nogroup")}?${OLD}`, vaultBody())).json.error.code).toBe("ResourceGroupNotFound");
  });

  it("soft-deletes the vaults of a deleted resource group; purge is long-running with a finished Location", async () => {
    await azmi.request("PUT", `${vaultPath("rg-kv-gone", "kv-in-group")}?${OLD}`, vaultBody());
    expect((await azmi.request("DELETE", `${group("rg-kv-gone")}?api-version=2021-04-01`)).status).toBe(202);
    const deletedPath = `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-in-group`;
    const deleted = await azmi.request("GET", `${deletedPath}?${OLD}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json.properties.vaultId).toBe(vaultPath("rg-kv-gone", "kv-in-group"));

    const purge = await azmi.request("POST", `${deletedPath}/purge?${OLD}`);
    expect(purge.status).toBe(202);
    const location = new URL(purge.headers.get("location")!);
    expect(location.pathname).toMatch(/\/providers\/Microsoft\.KeyVault\/locations\/westeurope\/operationResults\/VVR/);
    expect((await azmi.request("GET", location.pathname + location.search)).status).toBe(200);
    expect((await azmi.request("GET", `${deletedPath}?${OLD}`)).json.error.code).toBe("ResourceNotFound");
    expect((await azmi.request("POST", `${deletedPath}/purge?${OLD}`)).status).toBe(404);
  });

  it("gives a vault a system-assigned identity, and a CanNotDelete lock keeps it", async () => {
    const created = await azmi.request("PUT", `${vaultPath("rg-kv", "kv-with-id")}?api-version=2023-07-01`, {
      ...vaultBody(),
      identity: { type: "SystemAssigned" },
    });
    expect(created.json.identity).toMatchObject({ type: "SystemAssigned", principalId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(azmi.services.directory.servicePrincipals.get(created.json.identity.principalId)).toBeDefined();
    await azmi.request("PUT", `${vaultPath("rg-kv", "kv-with-id")}/providers/Microsoft.Authorization/locks/keep?api-version=2020-05-01`, {
      properties: { level: "CanNotDelete" },
    });
    const refused = await azmi.request("DELETE", `${vaultPath("rg-kv", "kv-with-id")}?api-version=2023-07-01`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("ScopeLocked");
    expect((await azmi.request("GET", `${vaultPath("rg-kv", "kv-with-id")}?api-version=2023-07-01`)).status).toBe(200);
  });
});

describe("vault operations in strict mode", () => {
  let strict: TestAzmi;
  let operatorToken: string;
  let readerToken: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    strict = await startTestAzmi({ config: { authMode: "strict" } });
    const operator = operatorCredential(strict);
    operatorToken = (await operator.getToken("https://management.azure.com/.default")).token;
    const rg = `/subscriptions/${strict.subscriptionId}/resourceGroups/rg-kv-strict`;
    await ok(strict, "PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
    const vmId = `${rg}/providers/Microsoft.Compute/virtualMachines/reader`;
    const vm = await ok(strict, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } }, operatorToken);
    await ok(
      strict,
      "PUT",
      `${rg}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${strict.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
          principalId: vm.identity.principalId,
          principalType: "ServicePrincipal",
        },
      },
      operatorToken,
    );
    readerToken = await imdsToken(strict, vmId, "https://management.azure.com/");
    await ok(
      strict,
      "PUT",
      `${rg}/providers/Microsoft.KeyVault/vaults/kv-strict?api-version=2023-07-01`,
      { location: "westeurope", properties: { tenantId: strict.tenantId, sku: { family: "A", name: "standard" } } },
      operatorToken,
    );
  });
  afterAll(() => strict?.stop());

  it("lets a Reader read the vault but not write, delete or purge it", async () => {
    const path = `/subscriptions/${strict.subscriptionId}/resourceGroups/rg-kv-strict/providers/Microsoft.KeyVault/vaults/kv-strict?api-version=2023-07-01`;
    expect((await strict.request("GET", path, undefined, as(readerToken))).status).toBe(200);
    const write = await strict.request("PATCH", path, { tags: { a: "b" } }, as(readerToken));
    expect(write.status).toBe(403);
    expect(write.json.error.message).toContain("Microsoft.KeyVault/vaults/write");
    expect((await strict.request("DELETE", path, undefined, as(readerToken))).json.error.code).toBe("AuthorizationFailed");
    const purge = await strict.request(
      "POST",
      `/subscriptions/${strict.subscriptionId}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-strict/purge?api-version=2023-07-01`,
      undefined,
      as(readerToken),
    );
    expect(purge.json.error.message).toContain("Microsoft.KeyVault/locations/deletedVaults/purge/action");
    expect((await strict.request("GET", path, undefined, as(operatorToken))).json.tags).toEqual({});
  });
});
