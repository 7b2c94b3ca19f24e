/**
 * Microsoft.Management over HTTP as Azure answers it: the tenant root group from the start,
 * create as a long-running operation (202, Azure-AsyncOperation polled to Succeeded), $expand
 * and $recurse, moving subscriptions, descendants, entities, name checks, hierarchy settings,
 * the errors (unknown group, cycles, deleting a group that still holds something), and a role
 * assignment at a group seen from a resource group below it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

const API = "api-version=2021-04-01";
const MG = "/providers/Microsoft.Management/managementGroups";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

let azmi: TestAzmi;
let sub: string;

async function createGroup(name: string, parent?: string, displayName?: string) {
  const put = await azmi.request("PUT", `${MG}/${name}?${API}`, {
    properties: { ...(displayName ? { displayName } : {}), ...(parent ? { details: { parent: { id: `${MG}/${parent}` } } } : {}) },
  });
  expect(put.status).toBe(202);
  return put;
}

beforeAll(async () => {
  azmi = await startTestAzmi();
  sub = azmi.subscriptionId;
});
afterAll(() => azmi?.stop());

describe("management groups over ARM", () => {
  it("start with the Tenant Root Group, named after the tenant, holding the subscription", async () => {
    const root = await azmi.request("GET", `${MG}/${azmi.tenantId}?${API}&$expand=children`);
    expect(root.status).toBe(200);
    expect(root.json).toMatchObject({
      id: `${MG}/${azmi.tenantId}`,
      name: azmi.tenantId,
      type: "Microsoft.Management/managementGroups",
      properties: { tenantId: azmi.tenantId, displayName: "Tenant Root Group", details: { parent: null } },
    });
    expect(root.json.properties.children).toContainEqual(expect.objectContaining({ id: `/subscriptions/${sub}`, type: "/subscriptions", name: sub }));
  });

  it("create answers 202 and its Azure-AsyncOperation finishes with the group", async () => {
    const put = await createGroup("Platform", undefined, "Platform team");
    expect(put.json).toEqual({ id: `${MG}/Platform`, type: "Microsoft.Management/managementGroups", name: "Platform", status: "NotStarted" });
    const poll = new URL(put.headers.get("azure-asyncoperation")!);
    expect(poll.pathname).toBe("/providers/Microsoft.Management/operationResults/create/managementGroups/Platform");
    const done = await azmi.request("GET", poll.pathname + poll.search);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ name: "Platform", status: "Succeeded", properties: { displayName: "Platform team", tenantId: azmi.tenantId } });
    const got = await azmi.request("GET", `${MG}/platform?${API}`);
    expect(got.json.properties.details).toMatchObject({
      version: 1,
      parent: { id: `${MG}/${azmi.tenantId}`, name: azmi.tenantId, displayName: "Tenant Root Group" },
    });
  });

  it("nests groups, shows path, ancestors and the recursed tree, and lists descendants", async () => {
    await createGroup("Workloads", "Platform");
    await createGroup("Prod", "Workloads");
    const move = await azmi.request("PUT", `${MG}/Prod/subscriptions/${sub}?${API}`);
    expect(move.status).toBe(200);
    expect(move.json).toMatchObject({ name: sub, type: "Microsoft.Management/managementGroups/subscriptions", properties: { parent: { id: `${MG}/Prod` } } });

    const path = await azmi.request("GET", `${MG}/Prod?${API}&$expand=path`);
    expect(path.json.properties.details.path.map((p: { name: string }) => p.name)).toEqual([azmi.tenantId, "Platform", "Workloads"]);
    const ancestors = await azmi.request("GET", `${MG}/Prod?${API}&$expand=ancestors`);
    expect(ancestors.json.properties.details.managementGroupAncestorsChain.map((p: { name: string }) => p.name)).toEqual([
      "Workloads",
      "Platform",
      azmi.tenantId,
    ]);

    const tree = await azmi.request("GET", `${MG}/Platform?${API}&$expand=children&$recurse=true`);
    expect(tree.json.properties.children).toEqual([
      expect.objectContaining({
        name: "Workloads",
        children: [expect.objectContaining({ name: "Prod", children: [expect.objectContaining({ id: `/subscriptions/${sub}` })] })],
      }),
    ]);
    const flat = await azmi.request("GET", `${MG}/Platform?${API}&$expand=children`);
    expect(flat.json.properties.children[0].children).toBeUndefined();

    const descendants = await azmi.request("GET", `${MG}/Platform/descendants?${API}`);
    expect(descendants.json.value.map((d: { name: string }) => d.name)).toEqual(["Workloads", "Prod", sub]);
    const underProd = await azmi.request("GET", `${MG}/Prod/subscriptions?${API}`);
    expect(underProd.json.value.map((s: { name: string }) => s.name)).toEqual([sub]);

    const entities = await azmi.request("POST", `/providers/Microsoft.Management/getEntities?${API}`);
    const prod = entities.json.value.find((e: { name: string }) => e.name === "Prod");
    expect(prod.properties).toMatchObject({ parentNameChain: [azmi.tenantId, "Platform", "Workloads"], numberOfChildren: 1, numberOfDescendants: 1 });
  });

  it("refuses what Azure refuses: unknown groups, cycles, deleting a group that holds something", async () => {
    const missing = await azmi.request("GET", `${MG}/nope?${API}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toEqual({ code: "NotFound", message: `'${MG}/nope' not found` });
    const cycle = await azmi.request("PATCH", `${MG}/Platform?${API}`, { parentGroupId: `${MG}/Prod` });
    expect(cycle.status).toBe(400);
    const busy = await azmi.request("DELETE", `${MG}/Workloads?${API}`);
    expect(busy.status).toBe(409);
    expect(busy.json.error.code).toBe("Conflict");
    const unknownParent = await azmi.request("PUT", `${MG}/Orphan?${API}`, { properties: { details: { parent: { id: `${MG}/nope` } } } });
    expect(unknownParent.status).toBe(404);
  });

  it("a role assignment at a group is inherited below it, and moving the subscription takes it away", async () => {
    const name = randomUUID();
    const principalId = randomUUID();
    const put = await azmi.request("PUT", `${MG}/Platform/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, {
      properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId, principalType: "ServicePrincipal" },
    });
    expect(put.status).toBe(201);
    await azmi.request("PUT", `/subscriptions/${sub}/resourceGroups/rg-mg?api-version=2021-04-01`, { location: "westeurope" });
    const inherited = async () =>
      (
        await azmi.request(
          "GET",
          `/subscriptions/${sub}/resourceGroups/rg-mg/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
        )
      ).json.value.map((a: { name: string }) => a.name);
    expect(await inherited()).toContain(name);
    expect((await azmi.request("PUT", `${MG}/${azmi.tenantId}/subscriptions/${sub}?${API}`)).status).toBe(200);
    expect(await inherited()).not.toContain(name);
    expect((await azmi.request("PUT", `${MG}/Prod/subscriptions/${sub}?${API}`)).status).toBe(200);
    expect(await inherited()).toContain(name);
  });

  it("moves a subscription back to the root on DELETE, then deletes empty groups (202, 204 when gone)", async () => {
    expect((await azmi.request("DELETE", `${MG}/Prod/subscriptions/${sub}?${API}`)).status).toBe(200);
    const root = await azmi.request("GET", `${MG}/${azmi.tenantId}/subscriptions/${sub}?${API}`);
    expect(root.status).toBe(200);
    // Deleting a group takes the role assignments made at it along.
    for (const name of ["Prod", "Workloads", "Platform"]) {
      const del = await azmi.request("DELETE", `${MG}/${name}?${API}`);
      expect(del.status).toBe(202);
      expect(del.json.status).toBe("NotStarted");
    }
    expect((await azmi.request("DELETE", `${MG}/Prod?${API}`)).status).toBe(204);
    const left = await azmi.request("GET", `/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`);
    expect(left.json.value.filter((a: { properties: { scope: string } }) => a.properties.scope.startsWith(`${MG}/Platform`))).toEqual([]);
    const list = await azmi.request("GET", `${MG}?${API}`);
    expect(list.json.value.map((g: { name: string }) => g.name)).toEqual([azmi.tenantId]);
  });

  it("checks names and keeps hierarchy settings on the root group", async () => {
    await createGroup("Taken");
    const taken = await azmi.request("POST", `/providers/Microsoft.Management/checkNameAvailability?${API}`, {
      name: "Taken",
      type: "Microsoft.Management/managementGroups",
    });
    expect(taken.json).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
    const free = await azmi.request("POST", `/providers/Microsoft.Management/checkNameAvailability?${API}`, {
      name: "Free",
      type: "Microsoft.Management/managementGroups",
    });
    expect(free.json).toEqual({ nameAvailable: true });

    const settings = `${MG}/${azmi.tenantId}/settings/default?${API}`;
    expect((await azmi.request("GET", settings)).status).toBe(404);
    const put = await azmi.request("PUT", settings, { properties: { defaultManagementGroup: `${MG}/Taken`, requireAuthorizationForGroupCreation: true } });
    expect(put.status).toBe(200);
    expect(put.json.properties).toEqual({ tenantId: azmi.tenantId, defaultManagementGroup: `${MG}/Taken`, requireAuthorizationForGroupCreation: true });
    const patched = await azmi.request("PATCH", settings, { properties: { requireAuthorizationForGroupCreation: false } });
    expect(patched.json.properties).toMatchObject({ defaultManagementGroup: `${MG}/Taken`, requireAuthorizationForGroupCreation: false });
    expect((await azmi.request("GET", `${MG}/Taken/settings/default?${API}`)).status).toBe(400);
    expect((await azmi.request("DELETE", settings)).status).toBe(200);
    expect((await azmi.request("GET", `${MG}/${azmi.tenantId}/settings?${API}`)).json.value).toEqual([]);
  });
});
