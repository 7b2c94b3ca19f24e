/**
 * Strict mode: an identity with Contributor on a resource group deletes it with the Azure SDK
 * for JS, whose poller follows the Location header (Azure sends no Azure-AsyncOperation for a
 * group delete) to the end. The poll is the starter's own; anyone else needs
 * Microsoft.Resources/subscriptions/operationresults/read at the subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { imdsToken, operatorCredential } from "../support/sign-in.js";
import { ok } from "../support/token-checks.js";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
let azmi: TestAzmi;
let operatorToken: string;

const fixed = (token: string): TokenCredential => ({ getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) });

const managedIdentityToken = (vmId: string, clientId?: string) => imdsToken(azmi, vmId, "https://management.azure.com/", clientId);

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  const operator = operatorCredential(azmi);
  operatorToken = (await operator.getToken("https://management.azure.com/.default")).token;
});
afterAll(() => azmi?.stop());

describe("strict mode: a group delete by its Contributor", () => {
  it("finishes the SDK's poller, and refuses the poll to a principal without a role", async () => {
    const sub = `/subscriptions/${azmi.subscriptionId}`;
    const home = `${sub}/resourceGroups/rg-home`;
    const doomed = `${sub}/resourceGroups/rg-doomed`;
    await ok(azmi, "PUT", `${home}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
    await ok(azmi, "PUT", `${doomed}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
    const uaiId = `${home}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deleter`;
    const uai = await ok(azmi, "PUT", `${uaiId}?api-version=2023-01-31`, { location: "westeurope" }, operatorToken);
    const vmId = `${home}/providers/Microsoft.Compute/virtualMachines/vm1`;
    await ok(
      azmi,
      "PUT",
      `${vmId}?api-version=2024-07-01`,
      { location: "westeurope", identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [uaiId]: {} } } },
      operatorToken,
    );
    await ok(
      azmi,
      "PUT",
      `${doomed}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
      {
        properties: {
          roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
          principalId: uai.properties.principalId,
          principalType: "ServicePrincipal",
        },
      },
      operatorToken,
    );
    const token = await managedIdentityToken(vmId, uai.properties.clientId);

    // The raw exchange: 202 with Location only.
    await ok(
      azmi,
      "PUT",
      `${doomed}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/inside?api-version=2023-01-31`,
      { location: "westeurope" },
      token,
    );
    const stranger = await managedIdentityToken(vmId);
    const other = `${sub}/resourceGroups/rg-other`;
    await ok(azmi, "PUT", `${other}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
    await ok(
      azmi,
      "PUT",
      `${other}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
      { properties: { roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`, principalId: uai.properties.principalId } },
      operatorToken,
    );
    const raw = await azmi.request("DELETE", `${other}?api-version=2021-04-01`, undefined, { authorization: `Bearer ${token}` });
    expect(raw.status).toBe(202);
    expect(raw.headers.get("azure-asyncoperation")).toBeNull();
    const poll = new URL(raw.headers.get("location")!);
    expect(poll.pathname).toMatch(new RegExp(`^${sub}/operationresults/`));
    const refused = await azmi.request("GET", poll.pathname + poll.search, undefined, { authorization: `Bearer ${stranger}` });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("'Microsoft.Resources/subscriptions/operationresults/read'");
    expect((await azmi.request("GET", poll.pathname + poll.search, undefined, { authorization: `Bearer ${operatorToken}` })).status).toBe(200);

    // The SDK's poller, as the group's Contributor.
    const client = new ResourceManagementClient(fixed(token), azmi.subscriptionId, azmi.sdkOptions());
    await client.resourceGroups.beginDeleteAndWait("rg-doomed", { updateIntervalInMs: 0 });
    expect((await azmi.request("GET", `${doomed}?api-version=2021-04-01`, undefined, { authorization: `Bearer ${operatorToken}` })).status).toBe(404);
  });
});
