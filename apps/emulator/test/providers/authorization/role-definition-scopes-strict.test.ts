/**
 * A custom role is one object shared by all its assignable scopes, so changing it needs the
 * right at each of them, whatever URL the change is sent to. Written from the attacker's side:
 * a principal trusted with User Access Administrator (and Contributor) on one resource group tries to rewrite a
 * subscription-wide custom role to "*" by addressing the PUT (or the DELETE, or a deployment
 * that declares the role) to its own group. Every attempt ends in Azure's 403
 * AuthorizationFailed naming the subscription, and the role stays as it was.
 */
import { randomUUID } from "node:crypto";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { ARM_SCOPE, clientToken, credentialOf, GRAPH_SCOPE, operatorToken } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const ROLE_API = "api-version=2022-04-01";

let azmi: TestAzmi;
let operatorArmToken: string;
let subscription: string;
let group: string;
let attacker: { appId: string; principalId: string; secret: string };
let attackerArm: AuthorizationManagementClient;
let attackerToken: string;
const sharedRole = randomUUID();
const sharedRoleBody = (scope: string) => ({
  properties: { roleName: "Subscription operator", description: "reads everything", permissions: [{ actions: ["*/read"] }], assignableScopes: [scope] },
});

async function graph(method: string, path: string, body?: unknown): Promise<any> {
  const graphToken = await operatorToken(azmi, GRAPH_SCOPE);
  const res = await azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${graphToken}` });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return res.json;
}

async function sharedRoleNow(): Promise<any> {
  return ok(azmi, "GET", `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${sharedRole}?${ROLE_API}`, undefined, operatorArmToken);
}

async function restError(promise: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error("expected ARM to refuse the request");
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  operatorArmToken = await operatorToken(azmi, ARM_SCOPE);
  subscription = `/subscriptions/${azmi.subscriptionId}`;
  group = `${subscription}/resourceGroups/rg-delegated`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, operatorArmToken);
  await ok(
    azmi,
    "PUT",
    `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${sharedRole}?${ROLE_API}`,
    sharedRoleBody(subscription),
    operatorArmToken,
  );

  const app = await graph("POST", "/applications", { displayName: "group-admin" });
  const sp = await graph("POST", "/servicePrincipals", { appId: app.appId });
  const secret = (await graph("POST", `/applications/${app.id}/addPassword`, {})).secretText as string;
  attacker = { appId: app.appId, principalId: sp.id, secret };
  // The group's administrator: Contributor (deployments) and User Access Administrator (roles) there, nothing elsewhere.
  for (const role of [USER_ACCESS_ADMINISTRATOR, CONTRIBUTOR]) {
    await ok(
      azmi,
      "PUT",
      `${group}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${ROLE_API}`,
      {
        properties: {
          roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
          principalId: sp.id,
          principalType: "ServicePrincipal",
        },
      },
      operatorArmToken,
    );
  }
  const credential = credentialOf(azmi, attacker.appId, attacker.secret);
  attackerArm = new AuthorizationManagementClient(credential, azmi.subscriptionId, {
    endpoint: azmi.url,
    credentialScopes: [ARM_SCOPE],
    retryOptions: { maxRetries: 0 },
  });
  attackerToken = await clientToken(azmi, attacker.appId, attacker.secret, ARM_SCOPE);
});
afterAll(() => azmi?.stop());

describe("a custom role's change needs the right at every assignable scope", () => {
  it("a group's User Access Administrator cannot rewrite a subscription-wide role to '*' through the group's URL", async () => {
    const refused = await restError(
      attackerArm.roleDefinitions.createOrUpdate(group, sharedRole, {
        roleName: "Subscription operator",
        permissions: [{ actions: ["*"] }],
        assignableScopes: [group],
      }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe("AuthorizationFailed");
    expect(refused.message).toContain("Microsoft.Authorization/roleDefinitions/write");
    expect(refused.message).toContain(`over scope '${subscription}'`);

    const role = await sharedRoleNow();
    expect(role.properties.permissions).toEqual([expect.objectContaining({ actions: ["*/read"] })]);
    expect(role.properties.assignableScopes).toEqual([subscription]);
  });

  it("nor widen it by keeping the subscription among its scopes", async () => {
    const refused = await restError(
      attackerArm.roleDefinitions.createOrUpdate(group, sharedRole, {
        roleName: "Subscription operator",
        permissions: [{ actions: ["*"] }],
        assignableScopes: [subscription, group],
      }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.message).toContain(`over scope '${subscription}'`);
    expect((await sharedRoleNow()).properties.permissions[0].actions).toEqual(["*/read"]);
  });

  it("nor delete it through the group's URL", async () => {
    const refused = await restError(attackerArm.roleDefinitions.delete(group, sharedRole));
    expect(refused.statusCode).toBe(403);
    expect(refused.message).toContain("Microsoft.Authorization/roleDefinitions/delete");
    expect(refused.message).toContain(`over scope '${subscription}'`);
    expect((await sharedRoleNow()).name).toBe(sharedRole);
  });

  it("nor create a role that is also assignable at a scope it does not manage", async () => {
    const other = `${subscription}/resourceGroups/rg-elsewhere`;
    await ok(azmi, "PUT", `${other}?api-version=2021-04-01`, { location: "westeurope" }, operatorArmToken);
    const refused = await restError(
      attackerArm.roleDefinitions.createOrUpdate(group, randomUUID(), {
        roleName: "Reach",
        permissions: [{ actions: ["*"] }],
        assignableScopes: [group, other],
      }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.message).toContain(`over scope '${other}'`);
  });

  it("still manages roles of its own group", async () => {
    const name = randomUUID();
    const created = await attackerArm.roleDefinitions.createOrUpdate(group, name, {
      roleName: "Group helper",
      permissions: [{ actions: ["Microsoft.Web/sites/read"] }],
      assignableScopes: [group],
    });
    expect(created.assignableScopes).toEqual([group]);
    await attackerArm.roleDefinitions.delete(group, name);
  });

  it("a deployment to the group that declares the subscription-wide role fails with AuthorizationFailed and changes nothing", async () => {
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        {
          type: "Microsoft.Authorization/roleDefinitions",
          apiVersion: "2022-04-01",
          name: sharedRole,
          properties: { roleName: "Subscription operator", permissions: [{ actions: ["*"] }], assignableScopes: ["[resourceGroup().id]"] },
        },
      ],
    };
    const path = `${group}/providers/Microsoft.Resources/deployments/widen?api-version=2025-04-01`;
    const put = await azmi.request("PUT", path, { properties: { mode: "Incremental", template } }, { authorization: `Bearer ${attackerToken}` });
    expect(put.status).toBe(201);
    let done: any;
    for (let i = 0; i < 200 && !["Succeeded", "Failed", "Canceled"].includes(done?.properties?.provisioningState); i++) {
      await new Promise((r) => setTimeout(r, 20));
      done = (await azmi.request("GET", path, undefined, { authorization: `Bearer ${attackerToken}` })).json;
    }
    expect(done.properties.provisioningState).toBe("Failed");
    expect(done.properties.error.details).toEqual([expect.objectContaining({ code: "AuthorizationFailed" })]);
    expect(done.properties.error.details[0].message).toContain(`over scope '${subscription}'`);
    expect((await sharedRoleNow()).properties.permissions[0].actions).toEqual(["*/read"]);
  });
});

describe("permissive mode says what strict mode would decide", () => {
  it("the rewrite goes through, with the refusal strict mode would give in x-azmi-authorization", async () => {
    const permissive = await startTestAzmi();
    try {
      const sub = `/subscriptions/${permissive.subscriptionId}`;
      const rg = `${sub}/resourceGroups/rg-p`;
      const headers = { authorization: `Bearer ${(await permissive.credential.getToken(ARM_SCOPE))!.token}` };
      expect((await permissive.request("PUT", `${rg}?api-version=2021-04-01`, { location: "westeurope" }, headers)).status).toBe(201);
      const role = randomUUID();
      await permissive.request("PUT", `${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}?${ROLE_API}`, sharedRoleBody(sub), headers);
      const rewrite = await permissive.request(
        "PUT",
        `${rg}/providers/Microsoft.Authorization/roleDefinitions/${role}?${ROLE_API}`,
        { properties: { roleName: "Subscription operator", permissions: [{ actions: ["*"] }], assignableScopes: [rg] } },
        headers,
      );
      expect(rewrite.status).toBe(201);
      expect(rewrite.headers.get("x-azmi-authorization")).toMatch(/^permissive mode; would be refused in strict mode: .*roleDefinitions\/write/);
      expect(rewrite.headers.get("x-azmi-authorization")).toContain(sub);
    } finally {
      await permissive.stop();
    }
  });
});
