/**
 * Deployments at a management group and at the tenant, as `az deployment mg|tenant create` send
 * them: managementGroup() shows the group (its display name from the tree), a role assignment
 * the template makes at the group lands there and is inherited by the resource groups below, and
 * a group that does not exist is refused before anything runs.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

const MG = "/providers/Microsoft.Management/managementGroups";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const DEPLOY_API = "api-version=2024-03-01";

let azmi: TestAzmi;

beforeAll(async () => {
  azmi = await startTestAzmi();
  expect((await azmi.request("PUT", `${MG}/platform?api-version=2021-04-01`, { properties: { displayName: "Platform" } })).status).toBe(202);
  expect((await azmi.request("PUT", `${MG}/platform/subscriptions/${azmi.subscriptionId}?api-version=2021-04-01`)).status).toBe(200);
  await azmi.request("PUT", `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-below?api-version=2021-04-01`, { location: "westeurope" });
});
afterAll(() => azmi?.stop());

async function deploy(scope: string, name: string, template: unknown) {
  const put = await azmi.request("PUT", `${scope}/providers/Microsoft.Resources/deployments/${name}?${DEPLOY_API}`, {
    location: "westeurope",
    properties: { mode: "Incremental", template },
  });
  if (put.status >= 300) return put;
  for (let i = 0; i < 50; i++) {
    const got = await azmi.request("GET", `${scope}/providers/Microsoft.Resources/deployments/${name}?${DEPLOY_API}`);
    if (!["Accepted", "Running"].includes(got.json.properties.provisioningState)) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("deployment did not finish");
}

describe("deployments at management-group and tenant scope", () => {
  it("a management-group deployment assigns a role at the group, inherited below it", async () => {
    const principalId = randomUUID();
    const done = await deploy(`${MG}/platform`, "mg-rbac", {
      $schema: "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        {
          type: "Microsoft.Authorization/roleAssignments",
          apiVersion: "2022-04-01",
          name: "[guid(managementGroup().id, 'reader')]",
          properties: {
            roleDefinitionId: `[tenantResourceId('Microsoft.Authorization/roleDefinitions', '${READER}')]`,
            principalId,
            principalType: "ServicePrincipal",
          },
        },
      ],
      outputs: { group: { type: "object", value: "[managementGroup()]" } },
    });
    expect(done.json.properties.provisioningState).toBe("Succeeded");
    expect(done.json.properties.outputs.group.value).toMatchObject({ id: `${MG}/platform`, name: "platform", properties: { displayName: "Platform" } });
    const below = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-below/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
    );
    expect(below.json.value).toContainEqual(expect.objectContaining({ properties: expect.objectContaining({ principalId, scope: `${MG}/platform` }) }));
  });

  it("a tenant deployment creates a management group under another", async () => {
    const done = await deploy("", "tenant-mg", {
      $schema: "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        {
          type: "Microsoft.Management/managementGroups",
          apiVersion: "2021-04-01",
          name: "workloads",
          properties: { displayName: "Workloads", details: { parent: { id: `${MG}/platform` } } },
        },
      ],
      outputs: { tenant: { type: "string", value: "[tenant().tenantId]" } },
    });
    expect(done.json.properties.provisioningState).toBe("Succeeded");
    const made = await azmi.request("GET", `${MG}/workloads?api-version=2021-04-01`);
    expect(made.json.properties).toMatchObject({ displayName: "Workloads", details: { parent: { id: `${MG}/platform` } } });
  });

  it("a deployment to a management group that does not exist is refused with 404 NotFound", async () => {
    const refused = await azmi.request("PUT", `${MG}/nope/providers/Microsoft.Resources/deployments/d1?${DEPLOY_API}`, {
      location: "westeurope",
      properties: { mode: "Incremental", template: { $schema: "x", contentVersion: "1.0.0.0", resources: [] } },
    });
    expect(refused.status).toBe(404);
    expect(refused.json.error.code).toBe("NotFound");
  });
});
