/**
 * The rules behind Graph authorization: the one permission table (which grant allows which
 * operation), the grants an access token carries (`roles` for the audience's resource, `wids`),
 * and what deleting a principal takes with it.
 */
import { describe, expect, it } from "vitest";
import { MemoryStore } from "@azmi/arm-core";
import {
  decideGraphOperation,
  Directory,
  directoryRoleTemplates,
  firstPartyPrincipalId,
  grantClaims,
  graphOperations,
  graphPermissions,
  MICROSOFT_GRAPH_APP_ID,
  provisionFirstPartyPrincipals,
  type GraphGrants,
} from "../src/index.js";

const TENANT = "11111111-1111-1111-1111-111111111111";
const app = (roles: string[] = [], wids: string[] = []): GraphGrants => ({ objectId: "caller", delegated: false, roles, scopes: [], wids });
const never = () => false;
const always = () => true;

describe("the Graph permission table", () => {
  it("lets addPassword through with Application.ReadWrite.All or an application-admin role, and nothing weaker", () => {
    expect(decideGraphOperation("applications.credentials", app(["Application.ReadWrite.All"]), never).allowed).toBe(true);
    expect(decideGraphOperation("applications.credentials", app([], [directoryRoleTemplates.cloudApplicationAdministrator.id]), never).allowed).toBe(true);
    expect(decideGraphOperation("applications.credentials", app([], [directoryRoleTemplates.globalAdministrator.id]), never).allowed).toBe(true);
    for (const weak of [
      app(["Application.Read.All", "Directory.ReadWrite.All", "User.ReadWrite.All"]),
      app([], [directoryRoleTemplates.directoryReaders.id]),
    ]) {
      const decision = decideGraphOperation("applications.credentials", weak, never);
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toMatch(/^applications\.credentials needs one of the application permissions Application\.ReadWrite\.All/);
    }
  });

  it("counts Application.ReadWrite.OwnedBy only on owned objects, and ownership alone only for a signed-in user", () => {
    const ownedBy = app(["Application.ReadWrite.OwnedBy"]);
    expect(decideGraphOperation("applications.update", ownedBy, always).allowed).toBe(true);
    expect(decideGraphOperation("applications.update", ownedBy, never).allowed).toBe(false);
    expect(decideGraphOperation("applications.owners", ownedBy, always).allowed).toBe(false);
    expect(decideGraphOperation("applications.update", app(), always).allowed).toBe(false);
    const user: GraphGrants = { objectId: "user", delegated: true, roles: [], scopes: ["User.Read"], wids: [] };
    expect(decideGraphOperation("applications.update", user, always).allowed).toBe(true);
    expect(decideGraphOperation("applications.update", user, never).allowed).toBe(false);
  });

  it("grants app roles and directory roles only to their permissions and Privileged Role Administrator", () => {
    const pra = directoryRoleTemplates.privilegedRoleAdministrator.id;
    expect(decideGraphOperation("appRoleAssignments.write", app(["AppRoleAssignment.ReadWrite.All"]), never).allowed).toBe(true);
    expect(decideGraphOperation("appRoleAssignments.write", app([], [pra]), never).allowed).toBe(true);
    expect(
      decideGraphOperation("appRoleAssignments.write", app(["Application.ReadWrite.All"], [directoryRoleTemplates.applicationAdministrator.id]), never).allowed,
    ).toBe(false);
    expect(decideGraphOperation("roleManagement.write", app(["RoleManagement.ReadWrite.Directory"]), never).allowed).toBe(true);
    expect(decideGraphOperation("roleManagement.write", app(["AppRoleAssignment.ReadWrite.All"]), never).allowed).toBe(false);
  });

  it("refuses everything but /me to a caller without a token, and names only permissions Graph publishes", () => {
    expect(decideGraphOperation("servicePrincipals.read", { objectId: undefined, delegated: false, roles: [], scopes: [], wids: [] }, never)).toEqual({
      allowed: false,
      reason: "servicePrincipals.read: no bearer token, so no permission or directory role",
    });
    expect(decideGraphOperation("me.read", { objectId: undefined, delegated: false, roles: [], scopes: [], wids: [] }, never).allowed).toBe(true);
    for (const requirement of Object.values(graphOperations)) {
      const owned: readonly string[] = "ownedPermissions" in requirement ? (requirement.ownedPermissions ?? []) : [];
      for (const permission of [...requirement.permissions, ...owned]) {
        expect(graphPermissions).toHaveProperty([permission]);
      }
    }
  });
});

describe("grants in tokens", () => {
  it("puts the granted roles' values in tokens for the resource's audience only, and held directory roles in wids", () => {
    const directory = new Directory(new MemoryStore());
    provisionFirstPartyPrincipals(directory, TENANT);
    const graphId = firstPartyPrincipalId(TENANT, MICROSOFT_GRAPH_APP_ID);
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "mi", appId: "mi-app", displayName: "vm" });
    directory.appRoleAssignments.create({ principalId: "mi", resourceId: graphId, appRoleId: graphPermissions["Directory.Read.All"].id });
    directory.roleAssignments.create({ principalId: "mi", roleDefinitionId: directoryRoleTemplates.directoryReaders.id });
    expect(grantClaims(directory, "mi", "https://graph.microsoft.com")).toEqual({
      roles: ["Directory.Read.All"],
      wids: [directoryRoleTemplates.directoryReaders.id],
    });
    expect(grantClaims(directory, "mi", "https://graph.microsoft.com/")).toMatchObject({ roles: ["Directory.Read.All"] });
    expect(grantClaims(directory, "mi", MICROSOFT_GRAPH_APP_ID)).toMatchObject({ roles: ["Directory.Read.All"] });
    expect(grantClaims(directory, "mi", "https://management.azure.com/")).toEqual({ wids: [directoryRoleTemplates.directoryReaders.id] });
    expect(grantClaims(directory, "someone-else", "https://graph.microsoft.com")).toEqual({});
  });

  it("forgets a deleted principal's grants and ownerships, and provisions first-party principals once", () => {
    const directory = new Directory(new MemoryStore());
    provisionFirstPartyPrincipals(directory, TENANT);
    provisionFirstPartyPrincipals(directory, TENANT);
    expect(directory.count("servicePrincipal")).toBe(4);
    const graphId = firstPartyPrincipalId(TENANT, MICROSOFT_GRAPH_APP_ID);
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "sp", appId: "a", displayName: "sp" });
    directory.put({ "@odata.type": "#microsoft.graph.application", id: "app", appId: "a", displayName: "app" });
    directory.appRoleAssignments.create({ principalId: "sp", resourceId: graphId, appRoleId: graphPermissions["Application.ReadWrite.All"].id });
    directory.roleAssignments.create({ principalId: "sp", roleDefinitionId: directoryRoleTemplates.globalAdministrator.id });
    directory.owners.add("app", "sp");
    directory.delete("sp");
    expect(directory.appRoleAssignments.ofResource(graphId)).toEqual([]);
    expect(directory.roleAssignments.heldRoles("sp")).toEqual([]);
    expect(directory.owners.ownersOf("app")).toEqual([]);
  });
});
