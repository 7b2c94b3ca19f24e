import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BuiltInCatalogue, builtInCatalogueSchema, SHIPPED_FILE } from "../src/builtin-catalogue.js";
import { MG, OWNER, RG, RG2, SITE, SITE_CONFIG, SUB, SUB2, errorOf, guid, setup } from "./fixture.js";

const customBody = (roleName: string, assignableScopes: string[], actions = ["Microsoft.Web/sites/read"]) => ({
  properties: { roleName, description: "d", permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }], assignableScopes },
});

describe("built-in catalogue", () => {
  it("ships a file of the catalogue's shape as it is read at start-up (no default filled in), every role named by a GUID", () => {
    const raw = JSON.parse(readFileSync(SHIPPED_FILE, "utf8")) as Array<Record<string, unknown>>;
    const entries = builtInCatalogueSchema.parse(raw);
    // Read unparsed at start-up: nothing may rely on a default the schema would fill in.
    expect(entries).toEqual(raw.map(({ name, roleName, permissions, assignableScopes }) => ({ name, roleName, permissions, assignableScopes })));
    expect(entries.length).toBeGreaterThan(549);
    expect(entries.filter((e) => !/^[0-9a-f-]{36}$/i.test(e.name) || e.roleName === "")).toEqual([]);
    expect(() => BuiltInCatalogue.parse([{ name: "x", roleName: "y", permissions: [{ actions: "*" }], assignableScopes: null }])).toThrow();
  });

  it("reads its entries when a role is first looked up, once", () => {
    let reads = 0;
    const catalogue = new BuiltInCatalogue(() => {
      reads++;
      return [{ name: "ACDD72A7-3385-48EF-BD42-F606FBA81AE7", roleName: "Reader", permissions: null, assignableScopes: null }];
    });
    expect(reads).toBe(0);
    expect(catalogue.byRoleName("reader")?.guid).toBe("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    expect(catalogue.get("acdd72a7-3385-48ef-bd42-f606fba81ae7")?.assignableScopes).toEqual(["/"]);
    expect(catalogue.roles).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it("lists more than 549 built-in roles at a subscription, with descriptions empty", () => {
    const { rbac, scope } = setup();
    const all = rbac.definitions.list(scope(`/subscriptions/${SUB}`));
    expect(all.length).toBeGreaterThan(549);
    expect(all.every((d) => d.properties.type === "BuiltInRole" && d.properties.description === "")).toBe(true);
  });

  it.each([
    ["/", `/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`],
    [`/subscriptions/${SUB}`, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`],
    [RG, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`],
    [SITE, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`],
    [SITE_CONFIG, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`],
    [MG, `/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`],
  ])("Owner read at %s has id %s", (at, id) => {
    const { rbac, scope } = setup();
    expect(rbac.definitions.get(scope(at), OWNER).id).toBe(id);
    expect(rbac.definitions.list(scope(at), "roleName eq 'Owner'").map((d) => d.id)).toEqual([id]);
  });

  it("filters by role name exactly and case-insensitively", () => {
    const { rbac, scope } = setup();
    const s = scope(`/subscriptions/${SUB}`);
    expect(rbac.definitions.list(s, "roleName eq 'storage blob data reader'").map((d) => d.properties.roleName)).toEqual(["Storage Blob Data Reader"]);
    expect(rbac.definitions.list(s, "roleName eq 'Storage Blob Data'")).toEqual([]);
    expect(rbac.definitions.list(s, "roleName eq 'Reader'").map((d) => d.name)).toEqual(["acdd72a7-3385-48ef-bd42-f606fba81ae7"]);
  });

  it("lists a role with unknown permissions, granting nothing", () => {
    const { rbac, scope } = setup();
    const [d] = rbac.definitions.list(scope(`/subscriptions/${SUB}`), "roleName eq 'AI Model Scanner Operator'");
    expect(d?.properties.permissions).toEqual([]);
    expect(d?.properties.assignableScopes).toEqual(["/"]);
  });
});

describe("custom roles", () => {
  it("creates, reads, lists by type, updates keeping createdOn, and deletes", () => {
    const { rbac, scope } = setup();
    const sub = scope(`/subscriptions/${SUB}`);
    const id = guid(1);
    const created = rbac.definitions.createOrUpdate(sub, id, customBody("Site Reader", [`/subscriptions/${SUB}`]), "caller");
    expect(created.created).toBe(true);
    expect(created.view).toMatchObject({
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`,
      name: id,
      type: "Microsoft.Authorization/roleDefinitions",
      properties: { roleName: "Site Reader", type: "CustomRole", description: "d", assignableScopes: [`/subscriptions/${SUB}`], createdBy: "caller" },
    });
    expect(rbac.definitions.list(sub, "type eq 'CustomRole'").map((d) => d.name)).toEqual([id]);
    expect(rbac.definitions.list(sub, "type eq 'BuiltInRole'").some((d) => d.name === id)).toBe(false);
    expect(rbac.definitions.get(scope(RG), id).id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`);

    const updated = rbac.definitions.createOrUpdate(sub, id, customBody("Site Reader 2", [`/subscriptions/${SUB}`]), "other");
    expect(updated.created).toBe(false);
    expect(updated.view.properties.createdOn).toBe(created.view.properties.createdOn);
    expect(updated.view.properties.updatedOn > created.view.properties.updatedOn).toBe(true);
    expect(updated.view.properties).toMatchObject({ roleName: "Site Reader 2", createdBy: "caller", updatedBy: "other" });

    expect(rbac.definitions.delete(sub, id)?.name).toBe(id);
    expect(rbac.definitions.delete(sub, id)).toBeUndefined();
    expect(errorOf(() => rbac.definitions.get(sub, id))).toMatchObject({ status: 404, code: "RoleDefinitionDoesNotExist" });
  });

  it("is visible at, above and below its assignable scopes, and nowhere else", () => {
    const { rbac, scope } = setup();
    const id = guid(2);
    rbac.definitions.createOrUpdate(scope(RG), id, customBody("RG only", [RG]), null);
    const names = (at: string) => rbac.definitions.list(scope(at), "type eq 'CustomRole'").map((d) => d.name);
    expect(names(RG)).toEqual([id]);
    expect(names(SITE)).toEqual([id]);
    // An assignment at the group names the role by its subscription-form id: it must read there.
    expect(names(`/subscriptions/${SUB}`)).toEqual([id]);
    expect(rbac.definitions.get(scope(`/subscriptions/${SUB}`), id).id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`);
    expect(names(RG2)).toEqual([]);
    expect(names(`/subscriptions/${SUB2}`)).toEqual([]);
    expect(errorOf(() => rbac.definitions.get(scope(`/subscriptions/${SUB2}`), id)).code).toBe("RoleDefinitionDoesNotExist");
  });

  it.each([
    ["a non-GUID name", "not-a-guid", customBody("X", [`/subscriptions/${SUB}`]), 400, "InvalidRoleDefinitionId"],
    ["a built-in's GUID", OWNER, customBody("X", [`/subscriptions/${SUB}`]), 403, "RoleDefinitionUpdateNotPermitted"],
    ["a built-in's name", guid(3), customBody("owner", [`/subscriptions/${SUB}`]), 409, "RoleDefinitionWithSameNameExists"],
    ["no assignable scope", guid(3), customBody("X", []), 400, "InvalidCreateRoleDefinitionRequest"],
    ["a missing assignable scope", guid(3), customBody("X", [`/subscriptions/${SUB}/resourceGroups/nope`]), 400, "InvalidAssignableScope"],
    ["a scope unrelated to the PUT's", guid(3), customBody("X", [`/subscriptions/${SUB2}`]), 400, "InvalidCreateRoleDefinitionRequest"],
    ["no roleName", guid(3), { properties: { assignableScopes: [`/subscriptions/${SUB}`] } }, 400, "InvalidRoleDefinitionRequest"],
  ])("refuses %s", (_what, id, body, status, code) => {
    const { rbac, scope } = setup();
    expect(errorOf(() => rbac.definitions.createOrUpdate(scope(`/subscriptions/${SUB}`), id, body, null))).toMatchObject({ status, code });
  });

  it("keeps role names unique in the tenant, case-insensitively", () => {
    const { rbac, scope } = setup();
    rbac.definitions.createOrUpdate(scope(`/subscriptions/${SUB}`), guid(4), customBody("Mine", [`/subscriptions/${SUB}`]), null);
    const err = errorOf(() => rbac.definitions.createOrUpdate(scope(`/subscriptions/${SUB2}`), guid(5), customBody("MINE", [`/subscriptions/${SUB2}`]), null));
    expect(err).toEqual({
      status: 409,
      code: "RoleDefinitionWithSameNameExists",
      message: "A custom role with the same name already exists in this directory. Use a different name.",
    });
  });

  it("refuses to delete a role still assigned, and allows it once the assignment is gone", () => {
    const { rbac, scope, assign } = setup();
    const sub = scope(`/subscriptions/${SUB}`);
    rbac.definitions.createOrUpdate(sub, guid(6), customBody("Used", [`/subscriptions/${SUB}`]), null);
    assign(RG, guid(100), "11111111-1111-1111-1111-111111111111", guid(6));
    expect(errorOf(() => rbac.definitions.delete(sub, guid(6)))).toMatchObject({ status: 400, code: "RoleDefinitionHasAssignments" });
    rbac.assignments.delete(scope(RG), guid(100));
    expect(rbac.definitions.delete(sub, guid(6))?.name).toBe(guid(6));
  });

  it("rejects an unsupported filter", () => {
    const { rbac, scope } = setup();
    expect(errorOf(() => rbac.definitions.list(scope("/"), "foo gt 'x'"))).toMatchObject({ status: 400, code: "InvalidFilterInQueryString" });
  });
});
