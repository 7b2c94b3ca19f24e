/**
 * A deployment acts as its caller: in strict mode each resource it creates is authorized
 * against the deploying principal's role assignments, exactly as the same request made
 * directly. A VM's managed identity with Contributor on a group can deploy identities there,
 * but a role assignment in the same template fails with AuthorizationFailed (Contributor may not
 * write Microsoft.Authorization), and the deployment fails with that operation's error.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { imdsToken, operatorCredential } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const API = "api-version=2025-04-01";
let azmi: TestAzmi;
let operatorToken: string;
let miToken: string;
let groupId: string;

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const operator = operatorCredential(azmi);
  operatorToken = (await operator.getToken("https://management.azure.com/.default")).token;
  groupId = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-deploy-strict`;
  await ok(azmi, "PUT", `${groupId}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
  const vmId = `${groupId}/providers/Microsoft.Compute/virtualMachines/deployer`;
  const vm = await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } }, operatorToken);
  await ok(
    azmi,
    "PUT",
    `${groupId}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
    {
      properties: {
        roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
        principalId: vm.identity.principalId,
        principalType: "ServicePrincipal",
      },
    },
    operatorToken,
  );
  miToken = await imdsToken(azmi, vmId, "https://management.azure.com/");
});
afterAll(() => azmi?.stop());

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function waitFor(path: string, token: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const res = await azmi.request("GET", path, undefined, as(token));
    if (!["Accepted", "Running"].includes(res.json?.properties?.provisioningState)) return res.json;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the deployment did not finish");
}

describe("deployments in strict mode act as their caller", () => {
  it("creates what the caller may create and fails, with AuthorizationFailed, what it may not", async () => {
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [
        { type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "allowed", location: "westeurope" },
        {
          type: "Microsoft.Authorization/roleAssignments",
          apiVersion: "2022-04-01",
          name: "[guid('escalation')]",
          dependsOn: ["allowed"],
          properties: {
            roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${CONTRIBUTOR}')]`,
            principalId: "[reference('allowed').principalId]",
            principalType: "ServicePrincipal",
          },
        },
      ],
    };
    const path = `${groupId}/providers/Microsoft.Resources/deployments/by-mi?${API}`;
    const put = await azmi.request("PUT", path, { properties: { mode: "Incremental", template } }, as(miToken));
    expect(put.status).toBe(201);
    const done = await waitFor(path, miToken);
    expect(done.properties.provisioningState).toBe("Failed");
    expect(done.properties.error.code).toBe("DeploymentFailed");
    expect(done.properties.error.details).toEqual([
      expect.objectContaining({ code: "AuthorizationFailed", target: expect.stringContaining("/roleAssignments/") }),
    ]);
    expect(done.properties.error.details[0].message).toContain("Microsoft.Authorization/roleAssignments/write");

    const identity = await azmi.request(
      "GET",
      `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/allowed?api-version=2023-01-31`,
      undefined,
      as(operatorToken),
    );
    expect(identity.status).toBe(200);
  });

  it("a caller with no role at the group cannot start a deployment there", async () => {
    const other = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-not-mine`;
    await ok(azmi, "PUT", `${other}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
    const res = await azmi.request(
      "PUT",
      `${other}/providers/Microsoft.Resources/deployments/nope?${API}`,
      { properties: { mode: "Incremental", template: { $schema: "x", contentVersion: "1.0.0.0", resources: [] } } },
      as(miToken),
    );
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("AuthorizationFailed");
  });
});
