import { describe, expect, it } from "vitest";
import { parseStackBody, stackChange, stackDenyAssignmentName, stackDenyAssignments, unmanageActionFor } from "../src/index.js";

const SUB = "/subscriptions/00000000-0000-0000-0000-0000000000aa";
const RG = `${SUB}/resourceGroups/rg1`;
const ID = (name: string) => `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const STACK = `${RG}/providers/Microsoft.Resources/deploymentStacks/s1`;

describe("deployment stack rules", () => {
  it("a resource that leaves the template is unmanaged, children before parents and groups last", () => {
    const child = `${ID("a")}/federatedIdentityCredentials/fic`;
    expect(stackChange([ID("a"), child, `${SUB}/resourceGroups/rg2`, ID("b")], [ID("B")])).toEqual({
      managed: [ID("B")],
      unmanaged: [child, ID("a"), `${SUB}/resourceGroups/rg2`],
    });
  });

  it("resources, resource groups and management groups each follow their own actionOnUnmanage field", () => {
    const action = { resources: "delete", resourceGroups: "detach" } as const;
    expect(unmanageActionFor(ID("a"), action)).toBe("delete");
    expect(unmanageActionFor(RG, action)).toBe("detach");
    expect(unmanageActionFor(`${SUB}/resourceGroups/x`, { resources: "delete" })).toBe("detach");
  });

  it("deny settings become one deny assignment per managed resource, named after the stack", () => {
    const settings = parseStackBody({
      properties: {
        template: {},
        actionOnUnmanage: { resources: "detach" },
        denySettings: {
          mode: "DENYWRITEANDDELETE",
          excludedPrincipals: ["p1"],
          excludedActions: ["Microsoft.ManagedIdentity/userAssignedIdentities/write"],
          applyToChildScopes: true,
        },
      },
    }).properties.denySettings;
    expect(settings.mode).toBe("denyWriteAndDelete");
    const [deny, ...rest] = stackDenyAssignments({ stackId: STACK, settings, managed: [ID("a")], principalType: () => "User" });
    expect(rest).toEqual([]);
    expect(deny).toMatchObject({
      name: stackDenyAssignmentName(STACK, ID("a")),
      scope: ID("a"),
      denyAssignmentName: `Deny assignment '${stackDenyAssignmentName(STACK, ID("a"))}' created by Deployment Stack '${STACK}'.`,
      permissions: [
        // Everything but reads; the excluded actions Azure always appends come first, the stack's own after.
        { actions: ["*"], notActions: ["*/read", "Microsoft.Authorization/locks/delete", "Microsoft.ManagedIdentity/userAssignedIdentities/write"] },
      ],
      principals: [{ id: "00000000-0000-0000-0000-000000000000", type: "SystemDefined" }],
      excludePrincipals: [{ id: "p1", type: "User" }],
      doNotApplyToChildScopes: false,
    });
    expect(stackDenyAssignmentName(STACK, ID("a"))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stackDenyAssignments({ stackId: STACK, settings: { ...settings, mode: "none" }, managed: [ID("a")], principalType: () => "User" })).toEqual([]);
  });

  it("a body without deny settings, or with a link, is refused as Azure refuses it", () => {
    expect(() => parseStackBody({ properties: { template: {}, actionOnUnmanage: { resources: "detach" } } })).toThrow(
      expect.objectContaining({ code: "InvalidRequestContent" }),
    );
    expect(() =>
      parseStackBody({ properties: { templateLink: { uri: "https://x" }, actionOnUnmanage: { resources: "detach" }, denySettings: { mode: "none" } } }),
    ).toThrow(expect.objectContaining({ code: "InvalidContentLink" }));
  });
});
