import { SqliteStore, parseResourceId } from "@azmi/arm-core";
import { describe, expect, it } from "vitest";
import { createRbac, ROOT_GROUP_DISPLAY_NAME } from "../src/index.js";
import { CONTRIBUTOR, MG, READER, RG, SITE, SP, SUB, SUB2, TENANT, errorOf, guid, setup } from "./fixture.js";

const group = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
const at = { actor: SP, now: new Date("2026-01-01T00:00:00Z") };

/** mg1 → mg2 (SUB in it), beside mg3. */
function tree() {
  const f = setup([group("mg2"), group("mg3")]);
  const groups = f.rbac.managementGroups;
  groups.put("mg1", { displayName: "One" }, at);
  groups.put("mg2", { parentId: MG }, at);
  groups.put("mg3", {}, at);
  groups.placeSubscription("mg2", SUB);
  return f;
}

describe("management groups", () => {
  it("start with the tenant root group holding every subscription (and the fixture's mg1)", () => {
    const f = setup();
    const root = f.rbac.managementGroups.get(TENANT);
    expect(root).toMatchObject({ name: TENANT, displayName: ROOT_GROUP_DISPLAY_NAME, parent: null });
    expect(f.rbac.managementGroups.children(TENANT)).toEqual([
      { kind: "group", group: expect.objectContaining({ name: "mg1", parent: TENANT }) },
      { kind: "subscription", subscriptionId: SUB },
      { kind: "subscription", subscriptionId: SUB2 },
    ]);
    expect(f.rbac.hierarchy.chain(f.scope(RG)).map((s) => s.id)).toEqual([RG, `/subscriptions/${SUB}`, group(TENANT), "/"]);
  });

  it("answer the ancestors of a resource through its subscription's group up to the root", () => {
    const f = tree();
    expect(f.rbac.hierarchy.ancestors(f.scope(SITE)).map((s) => s.id)).toEqual([RG, `/subscriptions/${SUB}`, group("mg2"), MG, group(TENANT), "/"]);
    expect(f.rbac.hierarchy.reaches(MG, f.scope(SITE))).toBe(true);
    expect(f.rbac.hierarchy.reaches(group("mg3"), f.scope(SITE))).toBe(false);
    expect(f.rbac.hierarchy.related(SITE, f.scope(MG))).toBe(true);
  });

  it("let a role assignment at a group decide access two levels below, and stop when the subscription moves", () => {
    const f = tree();
    f.assign(MG, guid(1), SP, CONTRIBUTOR);
    const check = () => f.rbac.evaluator.check({ principalId: SP, operation: "Microsoft.Web/sites/write", scope: f.scope(SITE) });
    expect(check().allowed).toBe(true);
    expect(check().decidedBy.map((a) => a.scope)).toEqual([MG]);
    f.rbac.managementGroups.placeSubscription("mg3", SUB);
    expect(check().allowed).toBe(false);
  });

  it("list a group's assignments as inherited below it and its subscriptions' as below it", () => {
    const f = tree();
    f.assign(MG, guid(1), SP, READER);
    f.assign(RG, guid(2), SP, CONTRIBUTOR);
    const names = (scope: string, filter?: string) => f.rbac.assignments.list(f.scope(scope), filter).map((a) => a.name);
    expect(names(RG, "atScope()")).toEqual([guid(2), guid(1)]);
    expect(names(MG)).toEqual([guid(1), guid(2)]);
    expect(names(MG, `principalId eq '${SP}'`).sort()).toEqual([guid(1), guid(2)]);
    expect(names(group("mg3"))).toEqual([]);
  });

  it("make a custom role assignable at a group assignable in the subscriptions below it", () => {
    const f = tree();
    const role = guid(77);
    f.rbac.definitions.createOrUpdate(
      f.scope(MG),
      role,
      { properties: { roleName: "Group reader", permissions: [{ actions: ["*/read"] }], assignableScopes: [MG] } },
      SP,
    );
    expect(() => f.assign(RG, guid(3), SP, role)).not.toThrow();
    f.rbac.managementGroups.placeSubscription("mg3", SUB);
    expect(errorOf(() => f.assign(RG, guid(4), SP, role)).code).toBe("RoleDefinitionDoesNotExist");
  });

  it("refuse cycles, unknown parents and deleting a group with children", () => {
    const f = tree();
    const groups = f.rbac.managementGroups;
    expect(errorOf(() => groups.put("mg1", { parentId: group("mg2") }, at)).code).toBe("BadRequest");
    expect(errorOf(() => groups.put("mg4", { parentId: group("nope") }, at))).toMatchObject({ status: 404, code: "NotFound" });
    expect(errorOf(() => groups.delete("mg1")).code).toBe("Conflict");
    expect(errorOf(() => groups.delete(TENANT)).code).toBe("BadRequest");
    groups.removeSubscription("mg2", SUB);
    expect(groups.groupOfSubscription(SUB).name).toBe(TENANT);
    expect(groups.delete("mg2")).toBe(true);
    expect(groups.delete("mg1")).toBe(true);
  });

  it("survive a restart on SQLite", () => {
    const store = new SqliteStore(":memory:");
    const make = () => createRbac({ store, tenantId: TENANT, scopeExists: () => true, findPrincipal: () => undefined, subscriptions: () => [SUB] });
    const first = make();
    first.managementGroups.put("mg1", {}, at);
    first.managementGroups.placeSubscription("mg1", SUB);
    const second = make();
    expect(second.hierarchy.ancestors(parseResourceId(`/subscriptions/${SUB}`)).map((s) => s.id)).toEqual([MG, group(TENANT), "/"]);
  });
});
