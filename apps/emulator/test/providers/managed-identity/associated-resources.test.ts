/** POST {identity}/listAssociatedResources (preview api-versions): the resources holding a user-assigned identity, with OData options and paging. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

const PREVIEW = "api-version=2022-01-31-preview";
let azmi: TestAzmi;
let rg: string;
let uai: string;

beforeAll(async () => {
  azmi = await startTestAzmi();
  rg = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-assoc`;
  uai = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shared-id`;
  expect((await azmi.request("PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
  expect((await azmi.request("PUT", `${uai}?api-version=2023-01-31`, { location: "westeurope" })).status).toBe(201);
  const holding = { type: "UserAssigned", userAssignedIdentities: { [uai]: {} } };
  for (const name of ["vm-b", "vm-a", "vm-c"]) {
    const res = await azmi.request("PUT", `${rg}/providers/Microsoft.Compute/virtualMachines/${name}?api-version=2024-03-01`, {
      location: "westeurope",
      identity: holding,
    });
    expect(res.status).toBeLessThan(300);
  }
  const vault = await azmi.request("PUT", `${rg}/providers/Microsoft.KeyVault/vaults/kv-assoc-holder?api-version=2023-07-01`, {
    location: "westeurope",
    identity: holding,
    properties: { tenantId: azmi.tenantId, sku: { family: "A", name: "standard" }, accessPolicies: [] },
  });
  expect(vault.status).toBe(200);
  // Holds no identity: not listed.
  await azmi.request("PUT", `${rg}/providers/Microsoft.Compute/virtualMachines/vm-alone?api-version=2024-03-01`, { location: "westeurope" });
});
afterAll(() => azmi.stop());

const list = (query = "") => azmi.request("POST", `${uai}/listAssociatedResources?${PREVIEW}${query}`);

describe("listAssociatedResources", () => {
  it("lists every resource whose identity block names the identity, as Azure's resource graph shows them", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.json.totalCount).toBe(4);
    expect(res.json.value.map((r: { name: string }) => r.name)).toEqual(["kv-assoc-holder", "vm-a", "vm-b", "vm-c"]);
    expect(res.json.value[1]).toEqual({
      id: `${rg}/providers/Microsoft.Compute/virtualMachines/vm-a`,
      name: "vm-a",
      type: "microsoft.compute/virtualmachines",
      resourceGroup: "rg-assoc",
      subscriptionId: azmi.subscriptionId,
      subscriptionDisplayName: "Azure subscription 1",
    });
    expect(res.json.nextLink).toBeUndefined();
  });

  it("applies $filter, $orderby, $skip and $top, and pages with a nextLink that carries $skiptoken", async () => {
    const filtered = await list(
      `&$filter=${encodeURIComponent("type eq 'microsoft.compute/virtualmachines'")}&$orderby=${encodeURIComponent("name desc")}&$skip=1&$top=1`,
    );
    expect(filtered.json.totalCount).toBe(3);
    expect(filtered.json.value.map((r: { name: string }) => r.name)).toEqual(["vm-b"]);
    const next = new URL(filtered.json.nextLink);
    expect(next.searchParams.get("$skiptoken")).toBeTruthy();
    const second = await azmi.request("POST", `${next.pathname}${next.search}`);
    expect(second.json.value.map((r: { name: string }) => r.name)).toEqual(["vm-a"]);
    expect(second.json.nextLink).toBeUndefined();
    const contains = await list(`&$filter=${encodeURIComponent("contains(name, 'kv')")}`);
    expect(contains.json.value.map((r: { name: string }) => r.name)).toEqual(["kv-assoc-holder"]);
  });

  it("refuses a malformed $filter or $top with 400 BadRequest, and is not served at stable api-versions", async () => {
    const bad = await list(`&$filter=${encodeURIComponent("name eq")}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("BadRequest");
    expect((await list("&$top=-1")).json.error.code).toBe("BadRequest");
    const stable = await azmi.request("POST", `${uai}/listAssociatedResources?api-version=2023-01-31`);
    expect(stable.status).toBe(405);
    expect(stable.json.error.code).toBe("MethodNotAllowed");
  });

  it("answers 404 for an identity that does not exist", async () => {
    const res = await azmi.request("POST", `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nobody/listAssociatedResources?${PREVIEW}`);
    expect(res.status).toBe(404);
  });
});
