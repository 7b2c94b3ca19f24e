/**
 * Conditions on role assignments decide, as Azure's delegation constraints do. Written from the
 * delegate's side: a pipeline's principal holds Role Based Access Control Administrator on one
 * resource group, with the condition the portal writes for "only Reader or Contributor, only to
 * service principals" (and deleting only those). Through the authorization SDK it may hand out
 * Reader to a service principal and take it back; giving itself Owner, giving Reader to a user,
 * or deleting the Owner assignment someone else made all end in 403 AuthorizationFailed, the
 * explanation saying the condition did not hold, and nothing changes.
 */
import { randomUUID } from "node:crypto";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { ARM_SCOPE, credentialOf, GRAPH_SCOPE, operatorToken } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const API = "api-version=2022-04-01";
const CONDITION = `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${READER}, ${CONTRIBUTOR}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${READER}, ${CONTRIBUTOR}}))`;

let azmi: TestAzmi;
let armToken: string;
let group: string;
let delegate: { principalId: string; arm: AuthorizationManagementClient };
let workload: string;
let user: string;
let ownerAssignment: string;

const roleId = (role: string) => `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;

async function graph(method: string, path: string, body?: unknown): Promise<any> {
  const res = await azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${await operatorToken(azmi, GRAPH_SCOPE)}` });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return res.json;
}

async function refusal(promise: Promise<unknown>): Promise<{ statusCode: number; code: string; headers: Headers | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { statusCode: number; code: string; response?: { headers: { get(name: string): string | undefined } } };
    return { statusCode: e.statusCode, code: e.code, headers: e.response?.headers as Headers | undefined };
  }
  throw new Error("expected ARM to refuse the request");
}

const assignmentsAtGroup = async () =>
  (await ok(azmi, "GET", `${group}/providers/Microsoft.Authorization/roleAssignments?${API}&$filter=atScope()`, undefined, armToken)).value as Array<{
    name: string;
    properties: { roleDefinitionId: string; principalId: string };
  }>;

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  armToken = await operatorToken(azmi, ARM_SCOPE);
  group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-delegation`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, armToken);

  const app = await graph("POST", "/applications", { displayName: "pipeline" });
  const sp = await graph("POST", "/servicePrincipals", { appId: app.appId });
  const secret = (await graph("POST", `/applications/${app.id}/addPassword`, {})).secretText as string;
  await ok(
    azmi,
    "PUT",
    `${group}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${API}`,
    {
      properties: {
        roleDefinitionId: roleId(RBAC_ADMINISTRATOR),
        principalId: sp.id,
        principalType: "ServicePrincipal",
        condition: CONDITION,
        conditionVersion: "2.0",
      },
    },
    armToken,
  );
  delegate = {
    principalId: sp.id,
    arm: new AuthorizationManagementClient(credentialOf(azmi, app.appId, secret), azmi.subscriptionId, {
      endpoint: azmi.url,
      credentialScopes: [ARM_SCOPE],
      retryOptions: { maxRetries: 0 },
    }),
  };
  const identity = await ok(
    azmi,
    "PUT",
    `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/workload?api-version=2023-01-31`,
    { location: "westeurope" },
    armToken,
  );
  workload = identity.properties.principalId;
  user = (
    await graph("POST", "/users", {
      displayName: "Dev",
      userPrincipalName: "dev@contoso.test",
      accountEnabled: true,
      mailNickname: "dev",
      passwordProfile: { password: "P@ssw0rd!23" },
    })
  ).id;
  ownerAssignment = randomUUID();
  await ok(
    azmi,
    "PUT",
    `${group}/providers/Microsoft.Authorization/roleAssignments/${ownerAssignment}?${API}`,
    { properties: { roleDefinitionId: roleId(OWNER), principalId: workload, principalType: "ServicePrincipal" } },
    armToken,
  );
});
afterAll(() => azmi?.stop());

describe("a delegate constrained by its assignment's condition", () => {
  it("assigns Reader to a service principal, lists, and takes it back", async () => {
    const name = randomUUID();
    const made = await delegate.arm.roleAssignments.create(group, name, {
      roleDefinitionId: roleId(READER),
      principalId: workload,
      principalType: "ServicePrincipal",
    });
    expect(made.principalId).toBe(workload);
    expect((await assignmentsAtGroup()).map((a) => a.name)).toContain(name);
    await delegate.arm.roleAssignments.delete(group, name);
    expect((await assignmentsAtGroup()).map((a) => a.name)).not.toContain(name);
  });

  it("cannot give itself Owner, nor Reader to a user, and nothing is stored", async () => {
    const before = await assignmentsAtGroup();
    const owner = await refusal(
      delegate.arm.roleAssignments.create(group, randomUUID(), {
        roleDefinitionId: roleId(OWNER),
        principalId: delegate.principalId,
        principalType: "ServicePrincipal",
      }),
    );
    expect(owner).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(owner.headers?.get("x-azmi-authorization")).toContain("'Role Based Access Control Administrator'");
    expect(owner.headers?.get("x-azmi-authorization")).toContain("its condition does not hold for this request");
    const toUser = await refusal(
      delegate.arm.roleAssignments.create(group, randomUUID(), { roleDefinitionId: roleId(READER), principalId: user, principalType: "User" }),
    );
    expect(toUser).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    // The principal type the directory knows counts when the request does not state one.
    const unstated = await refusal(delegate.arm.roleAssignments.create(group, randomUUID(), { roleDefinitionId: roleId(READER), principalId: user }));
    expect(unstated).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(await assignmentsAtGroup()).toEqual(before);
  });

  it("cannot delete an Owner assignment someone else made", async () => {
    const refused = await refusal(delegate.arm.roleAssignments.delete(group, ownerAssignment));
    expect(refused).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect((await assignmentsAtGroup()).map((a) => a.name)).toContain(ownerAssignment);
  });
});
