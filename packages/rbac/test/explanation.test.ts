import { describe, expect, it } from "vitest";
import { explainAccess, knownOperations, rolesGranting } from "../src/index.js";
import { CONTRIBUTOR, READER, RG, SITE, SP, SP2, SUB, TENANT, guid, setup } from "./fixture.js";

const SUBSCRIPTION = `/subscriptions/${SUB}`;

function world() {
  const f = setup();
  f.assign(SUBSCRIPTION, guid(1), SP, READER);
  f.assign(RG, guid(2), SP, CONTRIBUTOR);
  return f;
}

describe("access explanation", () => {
  it("lays the decision along the scope chain, root first, and marks the nearest granting assignment", () => {
    const f = world();
    const e = explainAccess(f.rbac.evaluator, f.rbac.catalogue, { principalId: SP, operation: "Microsoft.Web/sites/read", scope: f.scope(SITE) });
    expect(e.allowed).toBe(true);
    // The subscription sits under the tenant root group, which sits under the tenant root.
    expect(e.levels.map((l) => l.kind)).toEqual(["tenant", "managementGroup", "subscription", "resourceGroup", "resource"]);
    expect(e.levels[1]!.scope).toBe(`/providers/Microsoft.Management/managementGroups/${TENANT}`);
    const sub = e.levels[2]!.assignments;
    const rg = e.levels[3]!.assignments;
    expect(sub).toEqual([expect.objectContaining({ roleName: "Reader", granted: true, winning: false })]);
    expect(rg).toEqual([expect.objectContaining({ roleName: "Contributor", granted: true, winning: true, scope: RG })]);
    expect(e.rolesThatWouldAllow).toEqual([]);
  });

  it("says why each assignment does not grant a refused operation and which built-in roles would", () => {
    const f = world();
    const e = explainAccess(f.rbac.evaluator, f.rbac.catalogue, {
      principalId: SP,
      operation: "Microsoft.Authorization/roleAssignments/write",
      scope: f.scope(RG),
    });
    expect(e.allowed).toBe(false);
    const reasons = e.levels.flatMap((l) => l.assignments.map((a) => `${a.roleName}: ${a.reason}`));
    expect(reasons).toEqual(["Reader: not in the role's actions", "Contributor: excluded by the role's notActions"]);
    const names = e.rolesThatWouldAllow.map((r) => r.roleName);
    expect(names).toContain("Role Based Access Control Administrator");
    expect(names).not.toContain("Reader");
    // Narrowest first: Owner (which grants "*") comes after roles naming the action.
    expect(names.indexOf("Owner") === -1 || names.indexOf("Owner") > names.indexOf("Role Based Access Control Administrator")).toBe(true);
  });

  it("has nothing to consider for a principal without assignments", () => {
    const f = world();
    const e = explainAccess(f.rbac.evaluator, f.rbac.catalogue, { principalId: SP2, operation: "Microsoft.Web/sites/read", scope: f.scope(SITE) });
    expect(e.allowed).toBe(false);
    expect(e.levels.every((l) => l.assignments.length === 0)).toBe(true);
    expect(e.rolesThatWouldAllow[0]).toBeDefined();
  });

  it("offers concrete operation names and finds data roles for data actions", () => {
    const f = world();
    const ops = knownOperations(f.rbac.catalogue);
    expect(ops.actions).toContain("Microsoft.Authorization/roleAssignments/write");
    expect(ops.actions.some((a) => a.includes("*"))).toBe(false);
    expect(ops.dataActions).toContain("Microsoft.KeyVault/vaults/secrets/getSecret/action");
    const roles = rolesGranting(f.rbac.catalogue, "Microsoft.KeyVault/vaults/secrets/getSecret/action", "dataAction", 10).map((r) => r.roleName);
    expect(roles).toContain("Key Vault Secrets User");
  });
});
