/**
 * RBAC through the real @azure/arm-authorization client: role definitions (built-in and
 * custom) and role assignments at the subscription, a resource group, a resource and a child
 * resource, every list filter, by-id operations, and each error a client relies on.
 */
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseResourceId } from "@azmi/arm-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const SP = "5a0b3f8e-0c1d-4e8f-9a2b-000000000001";
const SP2 = "5a0b3f8e-0c1d-4e8f-9a2b-000000000002";
const UNKNOWN = "5a0b3f8e-0c1d-4e8f-9a2b-0000000000ff";

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode?: number; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}

let n = 0;
/** A fresh GUID per assignment or custom role, so tests do not collide. */
function newGuid(): string {
  n += 1;
  return `c0ffee00-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

describe.each(["memory", "sqlite"] as const)("RBAC via @azure/arm-authorization (%s store)", (storeKind) => {
  let azmi: TestAzmi;
  let dataDir: string | undefined;
  let auth: AuthorizationManagementClient;
  let SUB: string;
  let RG: string;
  let ACCOUNT: string;
  let CHILD: string;
  const roleId = (guid: string) => `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

  beforeAll(async () => {
    dataDir = storeKind === "sqlite" ? mkdtempSync(join(tmpdir(), "azmi-rbac-")) : undefined;
    azmi = await startTestAzmi(dataDir === undefined ? {} : { dataDir });
    const o = azmi.sdkOptions();
    auth = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
    SUB = `/subscriptions/${azmi.subscriptionId}`;
    RG = `${SUB}/resourceGroups/rbac-rg`;
    ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/rbacacct`;
    CHILD = `${ACCOUNT}/blobServices/default`;
    expect((await azmi.request("PUT", `${RG}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    const put = await azmi.request("PUT", `${ACCOUNT}?api-version=2023-01-01`, { location: "westeurope", kind: "StorageV2", sku: { name: "Standard_LRS" } });
    expect(put.status).toBeLessThan(300);
    for (const id of [SP, SP2]) {
      azmi.services.directory.put({ id, "@odata.type": "#microsoft.graph.servicePrincipal", appId: id, servicePrincipalNames: [id], displayName: `sp ${id}` });
    }
  });
  afterAll(async () => {
    await azmi?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  describe("role definitions", () => {
    it("lists more than 549 built-ins at the subscription, with the subscription-form id", async () => {
      const list = await all(auth.roleDefinitions.list(SUB));
      expect(list.length).toBeGreaterThan(549);
      const owner = list.find((d) => d.roleName === "Owner");
      expect(owner).toMatchObject({
        id: roleId(OWNER),
        name: OWNER,
        type: "Microsoft.Authorization/roleDefinitions",
        roleType: "BuiltInRole",
        description: "",
        assignableScopes: ["/"],
      });
      expect(owner?.permissions?.[0]?.actions).toEqual(["*"]);
    });

    it.each([
      ["the subscription", () => SUB, () => roleId(READER)],
      ["a resource group", () => RG, () => roleId(READER)],
      ["a resource", () => ACCOUNT, () => roleId(READER)],
      ["a child resource", () => CHILD, () => roleId(READER)],
      ["the tenant root", () => "/", () => `/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
    ])("finds Reader by roleName at %s (exactly one), and gets it", async (_what, scope, id) => {
      const byName = await all(auth.roleDefinitions.list(scope(), { filter: "roleName eq 'reader'" }));
      expect(byName.map((d) => d.id)).toEqual([id()]);
      expect((await auth.roleDefinitions.get(scope(), READER)).id).toBe(id());
    });

    it("gets by id in both spellings", async () => {
      expect((await auth.roleDefinitions.getById(roleId(CONTRIBUTOR))).roleName).toBe("Contributor");
      expect((await auth.roleDefinitions.getById(`/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`)).roleName).toBe("Contributor");
    });

    it("creates, filters, updates (createdOn kept, 201) and deletes a custom role", async () => {
      const guid = newGuid();
      const created = await auth.roleDefinitions.createOrUpdate(SUB, guid, {
        roleName: "azmi sdk custom",
        description: "reads sites",
        permissions: [{ actions: ["Microsoft.Web/sites/read"], notActions: [], dataActions: [], notDataActions: [] }],
        assignableScopes: [SUB],
      });
      expect(created).toMatchObject({ id: roleId(guid), name: guid, roleType: "CustomRole", roleName: "azmi sdk custom", assignableScopes: [SUB] });
      expect(created.createdOn).toBeInstanceOf(Date);
      const custom = await all(auth.roleDefinitions.list(SUB, { filter: "type eq 'CustomRole'" }));
      expect(custom.map((d) => d.name)).toContain(guid);
      expect((await all(auth.roleDefinitions.list(SUB, { filter: "type eq 'BuiltInRole'" }))).some((d) => d.name === guid)).toBe(false);
      expect((await all(auth.roleDefinitions.list(RG, { filter: "roleName eq 'AZMI SDK CUSTOM'" }))).map((d) => d.name)).toEqual([guid]);

      const updated = await auth.roleDefinitions.createOrUpdate(SUB, guid, { ...created, description: "changed" });
      expect(updated.description).toBe("changed");
      expect(updated.createdOn?.toISOString()).toBe(created.createdOn?.toISOString());
      expect(updated.updatedOn!.getTime()).toBeGreaterThanOrEqual(created.updatedOn!.getTime());

      expect((await auth.roleDefinitions.delete(SUB, guid)).name).toBe(guid);
      expect(await failure(auth.roleDefinitions.get(SUB, guid))).toMatchObject({ statusCode: 404, code: "RoleDefinitionDoesNotExist" });
      // Deleting again is not an error (204).
      await auth.roleDefinitions.delete(SUB, guid);
    });

    it.each([
      ["a name already taken", () => ({ roleName: "Reader", assignableScopes: [SUB] }), 409, "RoleDefinitionWithSameNameExists"],
      ["an assignable scope that does not exist", () => ({ roleName: "x1", assignableScopes: [`${SUB}/resourceGroups/nope`] }), 400, "InvalidAssignableScope"],
      [
        "an assignable scope unrelated to the request's",
        () => ({ roleName: "x2", assignableScopes: ["/subscriptions/11111111-2222-3333-4444-555555555555"] }),
        400,
        "InvalidAssignableScope",
      ],
    ])("refuses %s", async (_what, body, statusCode, code) => {
      expect(await failure(auth.roleDefinitions.createOrUpdate(SUB, newGuid(), body()))).toMatchObject({ statusCode, code });
    });

    it("refuses a non-GUID name and a built-in's GUID", async () => {
      expect(await failure(auth.roleDefinitions.createOrUpdate(SUB, "my-role", { roleName: "x3", assignableScopes: [SUB] }))).toMatchObject({
        statusCode: 400,
        code: "InvalidRoleDefinitionId",
      });
      expect(await failure(auth.roleDefinitions.createOrUpdate(SUB, OWNER, { roleName: "x4", assignableScopes: [SUB] }))).toMatchObject({ statusCode: 403 });
    });

    it("refuses to delete a custom role that is still assigned", async () => {
      const guid = newGuid();
      await auth.roleDefinitions.createOrUpdate(SUB, guid, {
        roleName: "azmi assigned custom",
        assignableScopes: [SUB],
        permissions: [{ actions: ["*/read"] }],
      });
      const name = newGuid();
      await auth.roleAssignments.create(RG, name, { roleDefinitionId: roleId(guid), principalId: SP });
      expect(await failure(auth.roleDefinitions.delete(SUB, guid))).toMatchObject({ statusCode: 400, code: "RoleDefinitionHasAssignments" });
      await auth.roleAssignments.delete(RG, name);
      await auth.roleDefinitions.delete(SUB, guid);
    });

    it("answers 404 at a resource group that does not exist", async () => {
      expect(await failure(all(auth.roleDefinitions.list(`${SUB}/resourceGroups/nope`)))).toMatchObject({ statusCode: 404, code: "ResourceGroupNotFound" });
    });
  });

  describe("role assignments", () => {
    it.each([
      ["the subscription", () => SUB],
      ["a resource group", () => RG],
      ["a resource", () => ACCOUNT],
      ["a child resource", () => CHILD],
    ])("creates, gets (by scope and by id), lists and deletes at %s", async (_what, scope) => {
      const name = newGuid();
      const created = await auth.roleAssignments.create(scope(), name, {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        principalId: SP2,
        description: "sdk",
      });
      const id = `${scope()}/providers/Microsoft.Authorization/roleAssignments/${name}`;
      expect(created).toMatchObject({
        id,
        name,
        type: "Microsoft.Authorization/roleAssignments",
        scope: scope(),
        roleDefinitionId: roleId(READER),
        principalId: SP2,
        principalType: "ServicePrincipal",
        description: "sdk",
      });
      expect(created.createdOn).toBeInstanceOf(Date);
      expect((await auth.roleAssignments.get(scope(), name)).id).toBe(id);
      expect((await auth.roleAssignments.getById(id)).name).toBe(name);
      const atScope = await all(auth.roleAssignments.listForScope(scope(), { filter: "atScope()" }));
      expect(atScope.map((a) => a.name)).toContain(name);
      expect((await auth.roleAssignments.delete(scope(), name))?.name).toBe(name);
      expect(await failure(auth.roleAssignments.get(scope(), name))).toMatchObject({ statusCode: 404, code: "RoleAssignmentNotFound" });
    });

    it("deletes by id", async () => {
      const name = newGuid();
      const a = await auth.roleAssignments.create(RG, name, { roleDefinitionId: roleId(CONTRIBUTOR), principalId: SP2 });
      expect((await auth.roleAssignments.deleteById(a.id!))?.name).toBe(name);
      expect(await failure(auth.roleAssignments.getById(a.id!))).toMatchObject({ statusCode: 404 });
    });

    describe("list filters", () => {
      const names: Record<string, string> = {};
      beforeAll(async () => {
        const make = async (key: string, scope: string, principalId: string, role: string) => {
          names[key] = newGuid();
          await auth.roleAssignments.create(scope, names[key]!, { roleDefinitionId: roleId(role), principalId, principalType: "ServicePrincipal" });
        };
        await make("sub", SUB, SP, READER);
        await make("rg", RG, SP, CONTRIBUTOR);
        await make("acct", ACCOUNT, SP2, OWNER);
        await make("child", CHILD, SP, OWNER);
      });
      afterAll(async () => {
        for (const [key, name] of Object.entries(names)) {
          const scope = { sub: SUB, rg: RG, acct: ACCOUNT, child: CHILD }[key]!;
          await auth.roleAssignments.delete(scope, name);
        }
      });
      const mine = (list: Array<{ name?: string }>) =>
        Object.entries(names)
          .filter(([, name]) => list.some((a) => a.name === name))
          .map(([key]) => key)
          .sort();

      it.each([
        ["atScope() at the subscription", () => auth.roleAssignments.listForScope(SUB, { filter: "atScope()" }), ["sub"]],
        ["atScope() at the group", () => auth.roleAssignments.listForScope(RG, { filter: "atScope()" }), ["rg", "sub"]],
        ["atScope() at the child resource", () => auth.roleAssignments.listForScope(CHILD, { filter: "atScope()" }), ["acct", "child", "rg", "sub"]],
        ["no filter at the subscription (at, above and below)", () => auth.roleAssignments.listForScope(SUB), ["acct", "child", "rg", "sub"]],
        ["no filter at the resource", () => auth.roleAssignments.listForScope(ACCOUNT), ["acct", "child", "rg", "sub"]],
        ["listForSubscription", () => auth.roleAssignments.listForSubscription(), ["acct", "child", "rg", "sub"]],
        ["listForResourceGroup", () => auth.roleAssignments.listForResourceGroup("rbac-rg"), ["acct", "child", "rg", "sub"]],
        [
          "listForResource",
          () => auth.roleAssignments.listForResource("rbac-rg", "Microsoft.Storage", "storageAccounts", "rbacacct"),
          ["acct", "child", "rg", "sub"],
        ],
        ["principalId eq at the subscription", () => auth.roleAssignments.listForScope(SUB, { filter: `principalId eq '${SP}'` }), ["child", "rg", "sub"]],
        ["principalId eq for the other principal", () => auth.roleAssignments.listForSubscription({ filter: `principalId eq '${SP2}'` }), ["acct"]],
        ["assignedTo()", () => auth.roleAssignments.listForScope(SUB, { filter: `assignedTo('${SP2}')` }), ["acct"]],
        ["atScope() and assignedTo()", () => auth.roleAssignments.listForScope(ACCOUNT, { filter: `atScope() and assignedTo('${SP}')` }), ["rg", "sub"]],
      ])("%s", async (_what, list, expected) => {
        expect(mine(await all(list()))).toEqual(expected);
      });

      it("answers the caller's effective permissions on a group and a resource", async () => {
        // The SDK callers' own principal has nothing assigned here: no permissions.
        expect(await all(auth.permissions.listForResourceGroup("rbac-rg"))).toEqual([]);
      });
    });

    it.each([
      [
        "a non-GUID name",
        () => auth.roleAssignments.create(RG, "not-a-guid", { roleDefinitionId: roleId(READER), principalId: SP }),
        400,
        "InvalidRoleAssignmentId",
      ],
      [
        "an unknown role",
        () => auth.roleAssignments.create(RG, newGuid(), { roleDefinitionId: roleId("00000000-1111-2222-3333-444444444444"), principalId: SP }),
        400,
        "RoleDefinitionDoesNotExist",
      ],
      [
        "a role not assignable at the scope",
        () => auth.roleAssignments.create(RG, newGuid(), { roleDefinitionId: roleId("582fc458-8989-419f-a480-75249bc5db7e"), principalId: SP }),
        400,
        "RoleDefinitionDoesNotExist",
      ],
      [
        "an unknown principal",
        () => auth.roleAssignments.create(RG, newGuid(), { roleDefinitionId: roleId(READER), principalId: UNKNOWN }),
        400,
        "PrincipalNotFound",
      ],
      [
        "a resource group that does not exist",
        () => auth.roleAssignments.create(`${SUB}/resourceGroups/nope`, newGuid(), { roleDefinitionId: roleId(READER), principalId: SP }),
        404,
        "ResourceGroupNotFound",
      ],
      [
        "a resource that does not exist",
        () =>
          auth.roleAssignments.create(`${RG}/providers/Microsoft.Storage/storageAccounts/nope`, newGuid(), {
            roleDefinitionId: roleId(READER),
            principalId: SP,
          }),
        404,
        "ResourceNotFound",
      ],
      ["an unsupported filter", () => all(auth.roleAssignments.listForScope(RG, { filter: "roleDefinitionId eq 'x'" })), 400, "InvalidFilterInQueryString"],
    ])("refuses %s", async (_what, act, statusCode, code) => {
      expect(await failure(act())).toMatchObject({ statusCode, code });
    });

    it("accepts an unknown principal whose type is stated (replication lag)", async () => {
      const name = newGuid();
      const a = await auth.roleAssignments.create(RG, name, { roleDefinitionId: roleId(READER), principalId: UNKNOWN, principalType: "ServicePrincipal" });
      expect(a.principalType).toBe("ServicePrincipal");
      await auth.roleAssignments.delete(RG, name);
    });

    it("answers RoleAssignmentExists for the same grant under another name, and UpdateNotPermitted for a changed one", async () => {
      const name = newGuid();
      await auth.roleAssignments.create(RG, name, { roleDefinitionId: roleId(READER), principalId: SP2 });
      const dup = await failure(auth.roleAssignments.create(RG, newGuid(), { roleDefinitionId: roleId(READER), principalId: SP2 }));
      expect(dup).toMatchObject({ statusCode: 409, code: "RoleAssignmentExists" });
      expect(dup.message).toContain("The role assignment already exists.");
      expect(await failure(auth.roleAssignments.create(RG, name, { roleDefinitionId: roleId(CONTRIBUTOR), principalId: SP2 }))).toMatchObject({
        statusCode: 409,
        code: "RoleAssignmentUpdateNotPermitted",
      });
      // The same PUT again is fine, and may change the description.
      const again = await auth.roleAssignments.create(RG, name, { roleDefinitionId: roleId(READER), principalId: SP2, description: "again" });
      expect(again.description).toBe("again");
      await auth.roleAssignments.delete(RG, name);
    });

    it("goes away with its resource group", async () => {
      const rg = `${SUB}/resourceGroups/rbac-doomed`;
      expect((await azmi.request("PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
      const name = newGuid();
      await auth.roleAssignments.create(rg, name, { roleDefinitionId: roleId(READER), principalId: SP });
      const del = await azmi.request("DELETE", `${rg}?api-version=2021-04-01`);
      expect(del.status).toBeLessThan(300);
      const left = await all(auth.roleAssignments.listForSubscription({ filter: `principalId eq '${SP}'` }));
      expect(left.some((a) => a.name === name)).toBe(false);
    });
  });

  describe("raw wire shapes", () => {
    it("answers 201 to a role assignment PUT on api-version 2020-04-01-preview, and 201 to a role definition PUT", async () => {
      const name = newGuid();
      const res = await azmi.request("PUT", `${RG}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2020-04-01-preview`, {
        properties: { roleDefinitionId: roleId(READER), principalId: SP, principalType: "ServicePrincipal" },
      });
      expect(res.status).toBe(201);
      expect(res.json.properties).toMatchObject({
        scope: RG,
        createdBy: expect.any(String),
        updatedOn: expect.any(String),
        condition: null,
        conditionVersion: null,
      });
      const again = await azmi.request("PUT", `${RG}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2020-04-01-preview`, {
        properties: { roleDefinitionId: roleId(READER), principalId: SP, principalType: "ServicePrincipal" },
      });
      expect(again.status).toBe(201);
      expect((await azmi.request("DELETE", `${RG}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`)).status).toBe(200);
      expect((await azmi.request("DELETE", `${RG}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`)).status).toBe(204);

      const guid = newGuid();
      const def = await azmi.request("PUT", `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}?api-version=2018-01-01-preview`, {
        properties: { roleName: "azmi raw custom", permissions: [{ actions: ["*/read"] }], assignableScopes: [SUB] },
      });
      expect(def.status).toBe(201);
      expect(def.json.properties).toMatchObject({ type: "CustomRole", createdOn: expect.any(String), updatedOn: expect.any(String) });
      expect((await azmi.request("DELETE", `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}?api-version=2022-05-01-preview`)).status).toBe(
        200,
      );
    });

    it("serves management-group and tenant-root scopes", async () => {
      const mg = "/providers/Microsoft.Management/managementGroups/azmi-mg";
      expect((await azmi.request("PUT", `${mg}?api-version=2021-04-01`, { properties: { displayName: "azmi" } })).status).toBe(202);
      const defs = await azmi.request(
        "GET",
        `${mg}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview&$filter=${encodeURIComponent("roleName eq 'Reader'")}`,
      );
      expect(defs.status).toBe(200);
      expect(defs.json.value.map((d: { id: string }) => d.id)).toEqual([`/providers/Microsoft.Authorization/roleDefinitions/${READER}`]);

      const name = newGuid();
      const put = await azmi.request("PUT", `${mg}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, {
        properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: SP, principalType: "ServicePrincipal" },
      });
      expect(put.status).toBe(201);
      expect(put.json).toMatchObject({
        id: `${mg}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        properties: { scope: mg, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}` },
      });
      const atMg = await azmi.request("GET", `${mg}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`);
      expect(atMg.json.value.map((a: { name: string }) => a.name)).toEqual([name]);
      expect((await azmi.request("DELETE", `${mg}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`)).status).toBe(200);

      const rootName = newGuid();
      const atRoot = await azmi.request("PUT", `/providers/Microsoft.Authorization/roleAssignments/${rootName}?api-version=2022-04-01`, {
        properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: SP, principalType: "ServicePrincipal" },
      });
      expect(atRoot.status).toBe(201);
      expect(atRoot.json.properties.scope).toBe("/");
      // GET by id, where the id is the tenant-root form.
      expect((await auth.roleAssignments.getById(`/providers/Microsoft.Authorization/roleAssignments/${rootName}`)).scope).toBe("/");
      // An assignment at the root reaches everything below it.
      const inherited = await all(auth.roleAssignments.listForScope(ACCOUNT, { filter: "atScope()" }));
      expect(inherited.map((a) => a.name)).toContain(rootName);
      await auth.roleAssignments.deleteById(`/providers/Microsoft.Authorization/roleAssignments/${rootName}`);
    });

    it("renders errors in the ARM envelope", async () => {
      const res = await azmi.request("PUT", `${RG}/providers/Microsoft.Authorization/roleAssignments/nope?api-version=2022-04-01`, {
        properties: { roleDefinitionId: roleId(READER), principalId: SP },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error: { code: "InvalidRoleAssignmentId", message: "The role assignment ID 'nope' is not valid. The role assignment ID must be a GUID." },
      });
    });

    it("refuses an api-version Azure does not serve for role assignments", async () => {
      const res = await azmi.request("GET", `${RG}/providers/Microsoft.Authorization/roleAssignments?api-version=2099-01-01`);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("NoRegisteredProviderFound");
    });
  });
});

describe("RBAC and the directory", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi?.stop());

  it("assigns a role to a user-assigned identity's principal without a principalType, typed from the directory", async () => {
    const o = azmi.sdkOptions();
    const auth = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
    const rg = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rbac-dir`;
    expect((await azmi.request("PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    const identity = await azmi.request("PUT", `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2023-01-31`, {
      location: "westeurope",
    });
    expect(identity.status).toBeLessThan(300);
    const principalId = identity.json.properties.principalId as string;
    const a = await auth.roleAssignments.create(rg, newGuid(), {
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      principalId,
    });
    expect(a).toMatchObject({ principalId, principalType: "ServicePrincipal" });
    // And the principal now holds Reader there.
    expect(
      azmi.services.rbac.evaluator.check({
        principalId,
        operation: "Microsoft.ManagedIdentity/userAssignedIdentities/read",
        scope: azmi.services.rbac.requireScope(parseResourceId(rg)),
      }).allowed,
    ).toBe(true);
  });
});
