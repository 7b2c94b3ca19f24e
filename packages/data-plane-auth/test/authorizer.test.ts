import { isArmError, parseResourceId } from "@azmi/arm-core";
import { describe, expect, it } from "vitest";
import { denyReaches } from "@azmi/rbac";
import { createAuthorizer, EVERYONE, type DenyAssignment } from "../src/index.js";
import { APP, GET_SECRET, ROLES, SECRET_A, SECRET_B, SET_SECRET, SUB, TENANT, USER, VAULT, signingKeys, world } from "./fixture.js";

async function setup(denies: DenyAssignment[] = []) {
  const { jwks, mint } = await signingKeys();
  const w = world();
  const authorizer = createAuthorizer({
    rbac: w.rbac,
    keys: jwks,
    tenantId: TENANT,
    denyAssignments: { reaching: (scope) => denies.filter((d) => denyReaches(d, scope)) },
    dataActions: ["Contoso.Notes/notebooks/notes/read"],
  });
  const vaultToken = (oid: string, claims: Record<string, unknown> = {}) => mint({ aud: "https://vault.azure.net", oid, ...claims });
  return { ...w, authorizer, mint, vaultToken };
}

describe("the decision point", () => {
  it("a role at the vault allows every secret below it, and says which assignment did", async () => {
    const s = await setup();
    const grant = s.assign(VAULT, APP, ROLES.secretsUser);
    const token = await s.vaultToken(APP);
    for (const scope of [VAULT, SECRET_A, SECRET_B]) {
      const decision = await s.authorizer.authorize({ token, action: GET_SECRET, scope });
      expect(decision).toMatchObject({ allowed: true, principalId: APP, principalType: "ServicePrincipal" });
      expect(decision.reason).toContain("'Key Vault Secrets User' assigned at");
    }
    const decision = await s.authorizer.authorize({ token, action: GET_SECRET, scope: SECRET_A });
    expect("considered" in decision && decision.considered).toEqual([
      {
        type: "roleAssignment",
        id: `${VAULT}/providers/Microsoft.Authorization/roleAssignments/${grant.name}`,
        name: grant.name,
        scope: VAULT,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.secretsUser}`,
        roleName: "Key Vault Secrets User",
        granted: true,
        reason: "granted",
      },
    ]);
  });

  it("a role at one secret allows that secret only; Secrets User reads, does not write", async () => {
    const s = await setup();
    s.assign(SECRET_A, APP, ROLES.secretsUser);
    const token = await s.vaultToken(APP);
    expect(await s.authorizer.authorize({ token, action: GET_SECRET, scope: SECRET_A })).toMatchObject({ allowed: true });
    expect(await s.authorizer.authorize({ token, action: GET_SECRET, scope: SECRET_B })).toMatchObject({
      allowed: false,
      considered: [],
      reason: expect.stringContaining("no role assignment of the principal applies"),
    });
    expect(await s.authorizer.authorize({ token, action: SET_SECRET, scope: SECRET_A })).toMatchObject({
      allowed: false,
      considered: [{ roleName: "Key Vault Secrets User", granted: false, reason: "not in the role's dataActions" }],
    });
  });

  it("Owner has no data actions, as on Azure, but its actions are allowed with an ARM token", async () => {
    const s = await setup();
    s.assign(`/subscriptions/${SUB}`, USER, ROLES.owner);
    expect(await s.authorizer.authorize({ token: await s.vaultToken(USER, { idtyp: "user" }), action: GET_SECRET, scope: SECRET_A })).toMatchObject({
      allowed: false,
      principalType: "User",
      considered: [{ roleName: "Owner", granted: false }],
    });
    const armToken = await s.mint({ aud: "https://management.azure.com/", oid: USER, idtyp: "user" });
    expect(await s.authorizer.authorize({ token: armToken, action: "Microsoft.KeyVault/vaults/write", scope: VAULT })).toMatchObject({ allowed: true });
    // The same ARM token is not one the vault's data plane accepts.
    expect(await s.authorizer.authorize({ token: armToken, action: GET_SECRET, scope: SECRET_A })).toMatchObject({
      allowed: false,
      tokenError: "audience",
      reason: expect.stringContaining("invalid token"),
    });
  });

  it("a deny assignment wins over a role that allows, except for the principals it excludes", async () => {
    const deny: DenyAssignment = {
      name: "d1",
      denyAssignmentName: "no secret reads",
      scope: VAULT,
      permissions: [{ actions: [], notActions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/*"], notDataActions: [] }],
      principals: [{ id: EVERYONE, type: "SystemDefined" }],
      excludePrincipals: [{ id: USER, type: "User" }],
      description: "",
      doNotApplyToChildScopes: false,
      isSystemProtected: true,
    };
    const s = await setup([deny]);
    s.assign(VAULT, APP, ROLES.secretsUser);
    s.assign(VAULT, USER, ROLES.secretsUser);
    const refused = await s.authorizer.authorize({ token: await s.vaultToken(APP), action: GET_SECRET, scope: SECRET_A });
    expect(refused).toMatchObject({ allowed: false, reason: expect.stringContaining("deny assignment 'no secret reads'") });
    expect("considered" in refused && refused.considered.map((c) => c.type)).toEqual(["denyAssignment", "roleAssignment"]);
    expect(await s.authorizer.authorize({ token: await s.vaultToken(USER), action: GET_SECRET, scope: SECRET_A })).toMatchObject({
      allowed: true,
      considered: [{ type: "denyAssignment", denied: false, reason: "the principal is excluded from it" }, { granted: true }],
    });
  });

  it("an embedder's own data actions, with its own role and audience", async () => {
    const s = await setup();
    const notebooks = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Contoso.Notes/notebooks/n1`;
    const roleGuid = "5d1c2b4a-0000-4000-8000-000000000001";
    s.rbac.definitions.createOrUpdate(
      parseResourceId(`/subscriptions/${SUB}`),
      roleGuid,
      {
        properties: {
          roleName: "Notes Reader",
          assignableScopes: [`/subscriptions/${SUB}`],
          permissions: [{ dataActions: ["Contoso.Notes/notebooks/notes/read"] }],
        },
      },
      null,
    );
    s.assign(notebooks, APP, roleGuid);
    const token = await s.mint({ aud: "api://notes", oid: APP });
    expect(
      await s.authorizer.authorize({ token, action: "Contoso.Notes/notebooks/notes/read", scope: `${notebooks}/notes/x`, audience: "api://notes" }),
    ).toMatchObject({
      allowed: true,
    });
    expect(
      await s.authorizer.authorize({ token, action: "Contoso.Notes/notebooks/notes/write", kind: "dataAction", scope: notebooks, audience: "api://notes" }),
    ).toMatchObject({
      allowed: false,
    });
  });

  it("a question that cannot be answered is InvalidRequestContent: unknown audience, a scope that is no resource id", async () => {
    const s = await setup();
    const token = await s.vaultToken(APP);
    const error = async (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => (isArmError(e) ? { status: e.status, code: e.code, message: e.message } : e),
      );
    expect(await error(s.authorizer.authorize({ token, action: "Contoso.Notes/notebooks/notes/write", kind: "dataAction", scope: VAULT }))).toMatchObject({
      status: 400,
      code: "InvalidRequestContent",
      message: expect.stringContaining("'audience'"),
    });
    expect(await error(s.authorizer.authorize({ token, action: GET_SECRET, scope: "not/a/scope" }))).toMatchObject({
      status: 400,
      code: "InvalidRequestContent",
      message: expect.stringContaining("'scope'"),
    });
  });
});
