import { parseResourceId, SqliteStore } from "@azmi/arm-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideDeny, DenyAssignments, denyAssignmentView, EVERYONE, type DenyAssignmentInput } from "../src/index.js";
import { RG, RG2, SITE, SITE_CONFIG, SP, SP2, SUB, USER, guid, setup } from "./fixture.js";

const SUBSCRIPTION = `/subscriptions/${SUB}`;
const DELETE_SITE = "Microsoft.Web/sites/delete";
const WRITE_SITE = "Microsoft.Web/sites/write";

const stackDeny = (extra: Partial<DenyAssignmentInput> = {}): DenyAssignmentInput => ({
  name: guid(900),
  scope: SITE,
  denyAssignmentName: `Deny assignment '${guid(900)}' created by Deployment Stack '${RG}/providers/Microsoft.Resources/deploymentStacks/s1'.`,
  description: `Created by Deployment Stack '${RG}/providers/Microsoft.Resources/deploymentStacks/s1'.`,
  permissions: [{ actions: ["*/delete"], notActions: ["Microsoft.Authorization/locks/delete"] }],
  principals: [{ id: EVERYONE, type: "SystemDefined" }],
  ...extra,
});

function decide(denies: DenyAssignments, principalId: string, operation: string, at: string) {
  return decideDeny(denies, { principalId, operation, scope: parseResourceId(at) });
}

describe("deny assignments", () => {
  it("reach through management groups: one at a group refuses below it until the subscription leaves", () => {
    const f = setup(["/providers/Microsoft.Management/managementGroups/mg9"]);
    const at = { actor: SP, now: new Date("2026-01-01T00:00:00Z") };
    f.rbac.managementGroups.put("mg9", {}, at);
    f.rbac.managementGroups.placeSubscription("mg9", SUB);
    f.rbac.denyAssignments.put(stackDeny({ scope: "/providers/Microsoft.Management/managementGroups/mg9", doNotApplyToChildScopes: false }));
    expect(decide(f.rbac.denyAssignments, SP, DELETE_SITE, SITE).deniedBy?.name).toBe(guid(900));
    f.rbac.managementGroups.placeSubscription("mg1", SUB);
    expect(decide(f.rbac.denyAssignments, SP, DELETE_SITE, SITE).deniedBy).toBeUndefined();
  });

  it("deny everyone the actions they list, whatever role the principal holds", () => {
    const f = setup();
    f.assign(SUBSCRIPTION, guid(1), SP, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    const denies = f.rbac.denyAssignments;
    denies.put(stackDeny());
    expect(f.rbac.evaluator.check({ principalId: SP, operation: DELETE_SITE, scope: parseResourceId(SITE) }).allowed).toBe(true);
    expect(decide(denies, SP, DELETE_SITE, SITE).deniedBy?.name).toBe(guid(900));
    expect(decide(denies, USER, DELETE_SITE, SITE).deniedBy?.name).toBe(guid(900));
    // Not in its actions: a write passes.
    expect(decide(denies, SP, WRITE_SITE, SITE)).toMatchObject({ deniedBy: undefined, considered: [{ denied: false }] });
  });

  it("notActions subtract from what is denied", () => {
    const denies = setup().rbac.denyAssignments;
    denies.put(stackDeny({ permissions: [{ actions: ["*/delete"], notActions: ["Microsoft.Authorization/locks/delete", DELETE_SITE] }] }));
    expect(decide(denies, SP, DELETE_SITE, SITE).deniedBy).toBeUndefined();
    expect(decide(denies, SP, "Microsoft.Web/sites/slots/delete", SITE).deniedBy).toBeDefined();
    expect(decide(denies, SP, "Microsoft.Authorization/locks/delete", SITE).deniedBy).toBeUndefined();
  });

  it("an excluded principal passes, and is reported as excluded", () => {
    const denies = setup().rbac.denyAssignments;
    denies.put(stackDeny({ excludePrincipals: [{ id: SP2, type: "ServicePrincipal" }] }));
    expect(decide(denies, SP2, DELETE_SITE, SITE)).toMatchObject({
      deniedBy: undefined,
      considered: [{ denied: false, reason: "the principal is excluded from it" }],
    });
    expect(decide(denies, SP, DELETE_SITE, SITE).deniedBy).toBeDefined();
  });

  it("one naming a principal leaves the others alone", () => {
    const denies = setup().rbac.denyAssignments;
    denies.put(stackDeny({ principals: [{ id: USER, type: "User" }] }));
    expect(decide(denies, USER, DELETE_SITE, SITE).deniedBy).toBeDefined();
    expect(decide(denies, SP, DELETE_SITE, SITE)).toEqual({ deniedBy: undefined, considered: [] });
  });

  it("reach child scopes unless doNotApplyToChildScopes, and never the scopes above", () => {
    const denies = setup().rbac.denyAssignments;
    denies.put(stackDeny({ scope: RG }));
    expect(decide(denies, SP, "Microsoft.Web/sites/config/delete", SITE_CONFIG).deniedBy).toBeDefined();
    expect(decide(denies, SP, "Microsoft.Resources/subscriptions/resourceGroups/delete", SUBSCRIPTION).deniedBy).toBeUndefined();
    expect(decide(denies, SP, DELETE_SITE, `${RG2}/providers/Microsoft.Web/sites/other`).deniedBy).toBeUndefined();
    denies.put(stackDeny({ scope: RG, doNotApplyToChildScopes: true }));
    expect(decide(denies, SP, "Microsoft.Web/sites/config/delete", SITE_CONFIG).deniedBy).toBeUndefined();
    expect(decide(denies, SP, "Microsoft.Resources/subscriptions/resourceGroups/delete", RG).deniedBy).toBeDefined();
  });

  it("data actions are denied by dataActions only", () => {
    const denies = setup().rbac.denyAssignments;
    denies.put(stackDeny({ permissions: [{ actions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/*"], notDataActions: [] }] }));
    const read = (kind: "action" | "dataAction") =>
      decideDeny(denies, { principalId: SP, operation: "Microsoft.KeyVault/vaults/secrets/getSecret/action", kind, scope: parseResourceId(SITE) }).deniedBy;
    expect(read("dataAction")).toBeDefined();
    expect(read("action")).toBeUndefined();
  });

  it("list as Azure filters: at, above and below; atScope(); principalId; denyAssignmentName", () => {
    const denies = setup().rbac.denyAssignments;
    denies.put(stackDeny({ name: guid(1), scope: SUBSCRIPTION, denyAssignmentName: "on the subscription" }));
    denies.put(stackDeny({ name: guid(2), scope: SITE, denyAssignmentName: "on the site", principals: [{ id: USER, type: "User" }] }));
    denies.put(stackDeny({ name: guid(3), scope: RG2, denyAssignmentName: "elsewhere", excludePrincipals: [{ id: USER, type: "User" }] }));
    const names = (at: string, filter?: string) => denies.list(parseResourceId(at), filter).map((d) => d.denyAssignmentName);
    expect(names(RG)).toEqual(["on the subscription", "on the site"]);
    expect(names(RG, "atScope()")).toEqual(["on the subscription"]);
    expect(names(SUBSCRIPTION, `principalId eq '${USER}'`)).toEqual(["on the subscription", "on the site"]);
    expect(names(SUBSCRIPTION, `gdprExportPrincipalId eq '${SP}'`)).toEqual(["on the subscription", "elsewhere"]);
    expect(names(SUBSCRIPTION, "denyAssignmentName eq 'elsewhere'")).toEqual(["elsewhere"]);
    expect(() => names(SUBSCRIPTION, "roleName eq 'x'")).toThrow(expect.objectContaining({ code: "InvalidFilterInQueryString" }));
  });

  it("show Azure's shape", () => {
    const denies = setup().rbac.denyAssignments;
    const view = denyAssignmentView(denies.put(stackDeny()));
    expect(view).toEqual({
      id: `${SITE}/providers/Microsoft.Authorization/denyAssignments/${guid(900)}`,
      name: guid(900),
      type: "Microsoft.Authorization/denyAssignments",
      properties: {
        denyAssignmentName: expect.stringContaining("created by Deployment Stack"),
        description: expect.stringContaining("Created by Deployment Stack"),
        permissions: [{ actions: ["*/delete"], notActions: ["Microsoft.Authorization/locks/delete"], dataActions: [], notDataActions: [] }],
        scope: SITE,
        doNotApplyToChildScopes: false,
        principals: [{ id: EVERYONE, type: "SystemDefined" }],
        excludePrincipals: [],
        isSystemProtected: true,
      },
    });
  });

  it("survive a restart (SQLite), and go with their scope", () => {
    const dir = mkdtempSync(join(tmpdir(), "azmi-deny-"));
    try {
      const first = new SqliteStore(join(dir, "state.db"));
      new DenyAssignments(first).put(stackDeny());
      first.close();
      const again = new DenyAssignments(new SqliteStore(join(dir, "state.db")));
      expect(decide(again, SP, DELETE_SITE, SITE).deniedBy?.name).toBe(guid(900));
      expect(again.deleteAtAndBelow(parseResourceId(RG))).toBe(1);
      expect(decide(again, SP, DELETE_SITE, SITE).deniedBy).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
