/**
 * Strict mode, through @azure/arm-managementgroups and @azure/arm-authorization: a pipeline's
 * principal holds Contributor on a management group only. Two levels below (the subscription
 * under the group, a resource group in it) it may read and change an identity, and the role
 * assignment listing at the resource group shows the inherited grant. Once the operator moves the
 * subscription under another group, the same requests end in 403 AuthorizationFailed, and moving
 * it back restores them: what a scope inherits follows the tree at once.
 */
import { randomUUID } from "node:crypto";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementGroupsAPI } from "@azure/arm-managementgroups";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { ARM_SCOPE, clientToken, credentialOf, GRAPH_SCOPE, operatorCredential, operatorToken } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const MG = "/providers/Microsoft.Management/managementGroups";

let azmi: TestAzmi;
let groups: ManagementGroupsAPI;
let armToken: string;
let pipeline: { principalId: string; token: () => Promise<string>; authorization: AuthorizationManagementClient };
let identity: string;
let resourceGroup: string;
let grant: string;

async function graph(method: string, path: string, body?: unknown): Promise<any> {
  const res = await azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${await operatorToken(azmi, GRAPH_SCOPE)}` });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return res.json;
}

const asPipeline = async (method: string, path: string, body?: unknown) =>
  azmi.request(method, path, body, { authorization: `Bearer ${await pipeline.token()}` });

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  armToken = await operatorToken(azmi, ARM_SCOPE);
  const options = { endpoint: azmi.url, credentialScopes: [ARM_SCOPE], retryOptions: { maxRetries: 0 } };
  groups = new ManagementGroupsAPI(operatorCredential(azmi), options);
  await groups.managementGroups.beginCreateOrUpdateAndWait("corp", { displayName: "Corp" });
  await groups.managementGroups.beginCreateOrUpdateAndWait("landing-zones", { displayName: "Landing zones", details: { parent: { id: `${MG}/corp` } } });
  await groups.managementGroups.beginCreateOrUpdateAndWait("sandbox", { displayName: "Sandbox" });
  await groups.managementGroupSubscriptions.create("landing-zones", azmi.subscriptionId);

  resourceGroup = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-app`;
  await ok(azmi, "PUT", `${resourceGroup}?api-version=2021-04-01`, { location: "westeurope" }, armToken);
  identity = `${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-id`;
  await ok(azmi, "PUT", `${identity}?api-version=2023-01-31`, { location: "westeurope" }, armToken);

  const app = await graph("POST", "/applications", { displayName: "pipeline" });
  const sp = await graph("POST", "/servicePrincipals", { appId: app.appId });
  const secret = (await graph("POST", `/applications/${app.id}/addPassword`, {})).secretText as string;
  pipeline = {
    principalId: sp.id,
    token: () => clientToken(azmi, app.appId, secret, ARM_SCOPE),
    authorization: new AuthorizationManagementClient(credentialOf(azmi, app.appId, secret), azmi.subscriptionId, options),
  };
  grant = randomUUID();
  const operatorAuthorization = new AuthorizationManagementClient(operatorCredential(azmi), azmi.subscriptionId, options);
  await operatorAuthorization.roleAssignments.create(`${MG}/corp`, grant, {
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
    principalId: sp.id,
    principalType: "ServicePrincipal",
  });
});
afterAll(() => azmi?.stop());

describe("a role assignment at a management group, two levels above the resource", () => {
  it("lets the pipeline read and change the identity, and shows as inherited at the resource group", async () => {
    expect((await asPipeline("GET", `${identity}?api-version=2023-01-31`)).status).toBe(200);
    expect((await asPipeline("PATCH", `${identity}?api-version=2023-01-31`, { tags: { owner: "pipeline" } })).status).toBe(200);
    const inherited = [];
    for await (const a of pipeline.authorization.roleAssignments.listForScope(resourceGroup, { filter: "atScope()" })) inherited.push(a);
    expect(inherited).toContainEqual(expect.objectContaining({ name: grant, scope: `${MG}/corp`, principalId: pipeline.principalId }));
  });

  it("is refused once the subscription moves under another group, and allowed again when it moves back", async () => {
    await groups.managementGroupSubscriptions.create("sandbox", azmi.subscriptionId);
    const sub = await groups.managementGroupSubscriptions.getSubscription("sandbox", azmi.subscriptionId);
    expect(sub.parent?.id).toBe(`${MG}/sandbox`);

    const refused = await asPipeline("GET", `${identity}?api-version=2023-01-31`);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("AuthorizationFailed");
    expect((await asPipeline("PATCH", `${identity}?api-version=2023-01-31`, { tags: { owner: "someone" } })).status).toBe(403);

    await groups.managementGroupSubscriptions.create("landing-zones", azmi.subscriptionId);
    expect((await asPipeline("GET", `${identity}?api-version=2023-01-31`)).status).toBe(200);
  });

  it("reads the tree through the SDK: the group with its ancestors and the subscription among the descendants", async () => {
    const zone = await groups.managementGroups.get("landing-zones", { expand: "ancestors" });
    expect(zone.details?.managementGroupAncestorsChain?.map((a) => a.name)).toEqual(["corp", azmi.tenantId]);
    const below = [];
    for await (const d of groups.managementGroups.listDescendants("corp")) below.push(d.name);
    expect(below).toEqual(["landing-zones", azmi.subscriptionId]);
  });
});
