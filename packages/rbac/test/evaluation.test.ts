import { describe, expect, it } from "vitest";
import { BLOB_READER, CONTRIBUTOR, OWNER, READER, RG, RG2, SITE, SITE_CONFIG, SP, SP2, SUB, SUB2, USER, guid, setup } from "./fixture.js";

const SUBSCRIPTION = `/subscriptions/${SUB}`;
const BLOB_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";

function world() {
  const f = setup();
  // SP: Reader on the subscription, Contributor on rg1, Blob Data Reader on the site.
  f.assign(SUBSCRIPTION, guid(1), SP, READER);
  f.assign(RG, guid(2), SP, CONTRIBUTOR);
  f.assign(SITE, guid(3), SP, BLOB_READER);
  // SP2: Owner on rg2 only; and a custom role that reads sites but not their config.
  f.assign(RG2, guid(4), SP2, OWNER);
  f.rbac.definitions.createOrUpdate(
    f.scope(SUBSCRIPTION),
    guid(50),
    {
      properties: {
        roleName: "Two blocks",
        assignableScopes: [SUBSCRIPTION],
        permissions: [{ actions: ["Microsoft.Web/*"], notActions: ["Microsoft.Web/sites/config/*"] }, { actions: ["Microsoft.Web/sites/config/list/action"] }],
      },
    },
    null,
  );
  f.assign(SITE, guid(5), SP2, guid(50));
  // USER: only a data role.
  f.assign(SITE, guid(6), USER, BLOB_READER);
  return f;
}

describe("permission evaluation", () => {
  it.each([
    // inheritance: Reader at the subscription reaches everything below it
    [SP, "Microsoft.Resources/subscriptions/resourceGroups/read", "action", RG2, true],
    [SP, "Microsoft.Web/sites/read", "action", SITE_CONFIG, true],
    [SP, "Microsoft.Resources/subscriptions/resourceGroups/write", "action", RG2, false],
    // Contributor at rg1: writes in rg1, not in rg2, not role assignments (NotActions)
    [SP, "Microsoft.Web/sites/write", "action", SITE, true],
    [SP, "microsoft.web/SITES/write", "action", SITE, true],
    [SP, "Microsoft.Web/sites/write", "action", RG2, false],
    [SP, "Microsoft.Authorization/roleAssignments/write", "action", RG, false],
    [SP, "Microsoft.Web/sites/write", "action", SUBSCRIPTION, false],
    // data actions: only from DataActions, only where assigned
    [SP, BLOB_READ, "dataAction", SITE, true],
    [SP, BLOB_READ, "dataAction", RG, false],
    // a DataAction never grants the same name as an Action (Reader's */read would, as an action)
    [USER, BLOB_READ, "dataAction", SITE, true],
    [USER, BLOB_READ, "action", SITE, false],
    [SP, BLOB_READ, "action", SITE, true],
    // Owner's Actions "*" grant no data action
    [SP2, BLOB_READ, "dataAction", RG2, false],
    [SP2, "Microsoft.Authorization/roleAssignments/write", "action", RG2, true],
    [SP2, "Microsoft.Authorization/roleAssignments/write", "action", RG, false],
    // NotActions subtract within their own block only: the second block grants list/action back
    [SP2, "Microsoft.Web/sites/restart/action", "action", SITE, true],
    [SP2, "Microsoft.Web/sites/config/write", "action", SITE, false],
    [SP2, "Microsoft.Web/sites/config/list/action", "action", SITE, true],
    // unknown principal
    ["99999999-9999-9999-9999-999999999999", "Microsoft.Web/sites/read", "action", SITE, false],
  ] as const)("%s %s (%s) at %s → %s", (principalId, operation, kind, at, allowed) => {
    const f = world();
    expect(f.rbac.evaluator.check({ principalId, operation, kind, scope: f.scope(at) }).allowed).toBe(allowed);
  });

  it("names the assignments that decided and explains the others", () => {
    const f = world();
    const d = f.rbac.evaluator.check({ principalId: SP, operation: "Microsoft.Authorization/roleAssignments/write", scope: f.scope(SITE) });
    expect(d.allowed).toBe(false);
    expect(d.considered.map((c) => [c.roleName, c.reason])).toEqual(
      expect.arrayContaining([
        ["Reader", "not in the role's actions"],
        ["Contributor", "excluded by the role's notActions"],
        ["Storage Blob Data Reader", "not in the role's actions"],
      ]),
    );
    const ok = f.rbac.evaluator.check({ principalId: SP, operation: "Microsoft.Web/sites/write", scope: f.scope(SITE) });
    expect(ok.decidedBy.map((a) => a.name)).toEqual([guid(2)]);
  });

  it("grants nothing through a role whose permissions are unknown", () => {
    const f = setup();
    f.assign(RG, guid(1), SP, "8b9beb50-e28c-4879-8472-24c9d328085f");
    const d = f.rbac.evaluator.check({ principalId: SP, operation: "Microsoft.Resources/subscriptions/resourceGroups/read", scope: f.scope(RG) });
    expect(d).toMatchObject({ allowed: false, considered: [{ reason: "the role has no permissions" }] });
  });

  it("stops granting once the assignment is deleted", () => {
    const f = world();
    f.rbac.assignments.delete(f.scope(RG), guid(2));
    expect(f.rbac.evaluator.check({ principalId: SP, operation: "Microsoft.Web/sites/write", scope: f.scope(SITE) }).allowed).toBe(false);
  });

  it("lists the effective permissions at a scope, one entry per block of each reaching role", () => {
    const f = world();
    const perms = f.rbac.evaluator.effectivePermissions(SP, f.scope(SITE));
    expect(perms.map((p) => p.actions[0])).toEqual(expect.arrayContaining(["*/read", "*", "Microsoft.Storage/storageAccounts/blobServices/containers/read"]));
    expect(perms).toHaveLength(3);
    expect(f.rbac.evaluator.effectivePermissions(SP, f.scope(RG2))).toEqual([{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }]);
  });

  it("tells whether a principal holds any role at, above or below a scope (who sees a subscription)", () => {
    const f = world();
    const other = `/subscriptions/${SUB2}`;
    // SP2 holds Owner on rg2 only: it sees the subscription above it, not the other one.
    expect(f.rbac.evaluator.holdsAnyRoleAround(SP2, f.scope(SUBSCRIPTION))).toBe(true);
    expect(f.rbac.evaluator.holdsAnyRoleAround(SP2, f.scope(other))).toBe(false);
    expect(f.rbac.evaluator.holdsAnyRoleAround("44444444-4444-4444-4444-444444444444", f.scope(SUBSCRIPTION))).toBe(false);
    // An assignment at the root reaches every subscription.
    f.assign("/", guid(9), USER, READER);
    expect(f.rbac.evaluator.holdsAnyRoleAround(USER, f.scope(other))).toBe(true);
  });
});
