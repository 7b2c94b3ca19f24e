/**
 * Resource Manager core through the real Azure SDK clients (@azure/arm-resources and
 * @azure/arm-resources-subscriptions), once directly over HTTPS and once through the
 * forward proxy with the endpoint management.azure.com, as az and Terraform reach azmi.
 */
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode?: number; code?: string };
  }
  throw new Error("expected the call to fail");
}

describe.each(["direct", "proxy"] as const)("Resource Manager core via the SDK (%s)", (via) => {
  let azmi: TestAzmi;
  let rm: ResourceManagementClient;
  let subs: SubscriptionClient;

  beforeAll(async () => {
    azmi = await startTestAzmi();
    const options = azmi.sdkOptions({ via });
    rm = new ResourceManagementClient(options.credential, azmi.subscriptionId, options);
    subs = new SubscriptionClient(options.credential, options);
  });
  afterAll(() => azmi?.stop());

  it("lists and gets the default subscription, its tenant and its locations", async () => {
    const list = await all(subs.subscriptions.list());
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: "/subscriptions/00000000-0000-0000-0000-000000000000",
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      tenantId: "00000000-0000-0000-0000-000000000000",
      state: "Enabled",
      subscriptionPolicies: { spendingLimit: "Off" },
    });
    const one = await subs.subscriptions.get(azmi.subscriptionId);
    expect(one.displayName).toBe(list[0]!.displayName);
    expect((await failure(subs.subscriptions.get("11111111-2222-3333-4444-555555555555"))).code).toBe("SubscriptionNotFound");

    const tenants = await all(subs.tenants.list());
    expect(tenants.map((t) => t.tenantId)).toEqual([azmi.tenantId]);

    const locations = await all(subs.subscriptions.listLocations(azmi.subscriptionId));
    const westeurope = locations.find((l) => l.name === "westeurope");
    expect(westeurope).toMatchObject({ displayName: "West Europe", regionalDisplayName: "(Europe) West Europe" });
    expect(westeurope?.metadata?.pairedRegion?.[0]?.name).toBe("northeurope");
    expect(locations.length).toBeGreaterThan(40);
    // Regions with availability zones map logical zones onto physical ones; the others have none.
    expect(westeurope?.availabilityZoneMappings).toEqual(["1", "2", "3"].map((z) => ({ logicalZone: z, physicalZone: `westeurope-az${z}` })));
    expect(locations.find((l) => l.name === "westcentralus")?.availabilityZoneMappings).toBeUndefined();
  });

  it("creates, reads, checks, retags, lists by tag and deletes a resource group", async () => {
    const created = await rm.resourceGroups.createOrUpdate("Sdk-Group", { location: "West Europe", tags: { env: "test" } });
    expect(created).toMatchObject({
      id: `/subscriptions/${azmi.subscriptionId}/resourceGroups/Sdk-Group`,
      name: "Sdk-Group",
      type: "Microsoft.Resources/resourceGroups",
      location: "westeurope",
      tags: { env: "test" },
      properties: { provisioningState: "Succeeded" },
    });
    await rm.resourceGroups.createOrUpdate("other-group", { location: "eastus" });

    expect((await rm.resourceGroups.get("sdk-group")).name).toBe("Sdk-Group");
    expect((await rm.resourceGroups.checkExistence("SDK-GROUP")).body).toBe(true);
    expect((await rm.resourceGroups.checkExistence("no-such-group")).body).toBe(false);

    const updated = await rm.resourceGroups.update("Sdk-Group", { tags: { env: "prod", team: "a" } });
    expect(updated.tags).toEqual({ env: "prod", team: "a" });

    const tagged = await all(rm.resourceGroups.list({ filter: "tagName eq 'env' and tagValue eq 'prod'" }));
    expect(tagged.map((g) => g.name)).toEqual(["Sdk-Group"]);
    const byName = await all(rm.resourceGroups.list({ filter: "tagName eq 'team'" }));
    expect(byName.map((g) => g.name)).toEqual(["Sdk-Group"]);
    // $top=1 pages: the SDK follows nextLink to the end.
    const paged = await all(rm.resourceGroups.list({ top: 1 }));
    expect(paged.map((g) => g.name).sort()).toEqual(["Sdk-Group", "other-group"]);

    await rm.resourceGroups.beginDeleteAndWait("sdk-group");
    expect((await rm.resourceGroups.checkExistence("Sdk-Group")).body).toBe(false);
    expect((await failure(rm.resourceGroups.get("Sdk-Group"))).code).toBe("ResourceGroupNotFound");
    expect((await failure(rm.resourceGroups.beginDeleteAndWait("Sdk-Group"))).statusCode).toBe(404);
  });

  it("creates, reads, lists and deletes generic resources by id", async () => {
    await rm.resourceGroups.createOrUpdate("generic", { location: "westeurope" });
    const id = `/subscriptions/${azmi.subscriptionId}/resourceGroups/generic/providers/Microsoft.Storage/storageAccounts/store1`;
    const created = await rm.resources.beginCreateOrUpdateByIdAndWait(id, "2023-01-01", {
      location: "westeurope",
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      tags: { app: "x" },
      properties: { minimumTlsVersion: "TLS1_2" },
    });
    expect(created).toMatchObject({
      id,
      name: "store1",
      type: "Microsoft.Storage/storageAccounts",
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      properties: { minimumTlsVersion: "TLS1_2", provisioningState: "Succeeded" },
    });
    const child = `${id}/blobServices/default`;
    await rm.resources.beginCreateOrUpdateByIdAndWait(child, "2023-01-01", { properties: { isVersioningEnabled: true } });
    expect((await rm.resources.getById(child, "2023-01-01")).properties).toMatchObject({ isVersioningEnabled: true });

    const listed = await all(rm.resources.listByResourceGroup("generic"));
    expect(listed.map((r) => r.id)).toEqual([id]);
    const byType = await all(rm.resources.list({ filter: "resourceType eq 'Microsoft.Storage/storageAccounts'" }));
    expect(byType.map((r) => r.name)).toEqual(["store1"]);

    await rm.resources.beginDeleteByIdAndWait(id, "2023-01-01");
    expect((await failure(rm.resources.getById(id, "2023-01-01"))).statusCode).toBe(404);
    expect((await failure(rm.resources.getById(child, "2023-01-01"))).statusCode).toBe(404);
    expect(await all(rm.resources.listByResourceGroup("generic"))).toEqual([]);
  });

  it("lists every provider Registered, gets one and registers one", async () => {
    const providers = await all(rm.providers.list());
    const namespaces = providers.map((p) => p.namespace);
    for (const ns of [
      "Microsoft.Authorization",
      "Microsoft.Compute",
      "Microsoft.ManagedIdentity",
      "Microsoft.Resources",
      "Microsoft.Storage",
      "Microsoft.Web",
      "microsoft.insights",
    ]) {
      expect(namespaces).toContain(ns);
    }
    expect(providers.every((p) => p.registrationState === "Registered")).toBe(true);

    const resources = await rm.providers.get("microsoft.resources");
    expect(resources.namespace).toBe("Microsoft.Resources");
    const groups = resources.resourceTypes?.find((t) => t.resourceType === "resourceGroups");
    expect(groups?.apiVersions).toEqual(expect.arrayContaining(["2021-04-01", "2025-04-01", "2019-05-10"]));

    const registered = await rm.providers.register("Microsoft.Network");
    expect(registered).toMatchObject({ namespace: "Microsoft.Network", registrationState: "Registered" });
  });
});
