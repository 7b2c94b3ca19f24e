/** Microsoft.Resources/tags/default at a subscription, a resource group and a resource, through @azure/arm-resources' TagsOperations and on the wire. */
import { ResourceManagementClient } from "@azure/arm-resources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

let azmi: TestAzmi;
let client: ResourceManagementClient;
let rg: string;

beforeAll(async () => {
  azmi = await startTestAzmi();
  const o = azmi.sdkOptions();
  client = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
  rg = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-tags`;
  await client.resourceGroups.createOrUpdate("rg-tags", { location: "westeurope", tags: { owner: "team-a" } });
});
afterAll(() => azmi.stop());

describe("tags at scope", () => {
  it("merges, replaces and deletes a resource group's tags, and the group shows them", async () => {
    expect((await client.tagsOperations.getAtScope(rg)).properties.tags).toEqual({ owner: "team-a" });
    const merged = await client.tagsOperations.beginUpdateAtScopeAndWait(rg, { operation: "Merge", properties: { tags: { env: "dev", Owner: "team-b" } } });
    expect(merged.properties.tags).toEqual({ Owner: "team-b", env: "dev" });
    expect(merged.id).toBe(`${rg}/providers/Microsoft.Resources/tags/default`);
    expect((await client.resourceGroups.get("rg-tags")).tags).toEqual({ Owner: "team-b", env: "dev" });
    const deleted = await client.tagsOperations.beginUpdateAtScopeAndWait(rg, { operation: "Delete", properties: { tags: { env: "other", Owner: "team-b" } } });
    expect(deleted.properties.tags).toEqual({ env: "dev" });
    const replaced = await client.tagsOperations.beginCreateOrUpdateAtScopeAndWait(rg, { properties: { tags: { cost: "42" } } });
    expect(replaced.properties.tags).toEqual({ cost: "42" });
    await client.tagsOperations.beginDeleteAtScopeAndWait(rg);
    expect((await client.resourceGroups.get("rg-tags")).tags ?? {}).toEqual({});
  });

  it("tags a resource in its own document, and the subscription keeps its tags", async () => {
    const uai = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tagged`;
    expect((await azmi.request("PUT", `${uai}?api-version=2023-01-31`, { location: "westeurope" })).status).toBe(201);
    await client.tagsOperations.beginCreateOrUpdateAtScopeAndWait(uai, { properties: { tags: { app: "web" } } });
    expect((await azmi.request("GET", `${uai}?api-version=2023-01-31`)).json.tags).toEqual({ app: "web" });
    const sub = `/subscriptions/${azmi.subscriptionId}`;
    await client.tagsOperations.beginCreateOrUpdateAtScopeAndWait(sub, { properties: { tags: { billing: "central" } } });
    expect((await azmi.request("GET", `${sub}?api-version=2022-12-01`)).json.tags).toEqual({ billing: "central" });
    expect((await client.tagsOperations.getAtScope(sub)).properties.tags).toEqual({ billing: "central" });
  });

  it("refuses a bad operation, a reserved tag name and a missing resource with Azure's errors, changing nothing", async () => {
    const path = `${rg}/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`;
    await azmi.request("PUT", path, { properties: { tags: { keep: "me" } } });
    const badOp = await azmi.request("PATCH", path, { operation: "Append", properties: { tags: { x: "y" } } });
    expect(badOp.status).toBe(400);
    expect(badOp.json.error.code).toBe("InvalidRequestContent");
    const reserved = await azmi.request("PUT", path, { properties: { tags: { "a/b": "c" } } });
    expect(reserved.status).toBe(400);
    expect(reserved.json.error.code).toBe("InvalidTagNameCharacters");
    expect((await azmi.request("GET", path)).json.properties.tags).toEqual({ keep: "me" });
    const missing = await azmi.request(
      "GET",
      `${rg}/providers/Microsoft.Compute/virtualMachines/none/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`,
    );
    expect(missing.status).toBe(404);
    const noGroup = await azmi.request(
      "GET",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/absent/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`,
    );
    expect(noGroup.json.error.code).toBe("ResourceGroupNotFound");
  });
});
