/** Vault storage: the global name index, soft delete (and of a deleted group's vaults), purge, recovery. */
import { describe, expect, it } from "vitest";
import { MemoryStore, parseResourceId, resourceGroupScope, ResourceStore } from "@azmi/arm-core";
import { deletedVaultView, VaultRegistry, vaultFromPut, vaultNameAvailability } from "../src/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

function setup() {
  const store = new MemoryStore();
  const resources = new ResourceStore(store);
  const registry = new VaultRegistry({ store, resources });
  const add = (id: string, properties: Record<string, unknown> = {}) => {
    const parsed = parseResourceId(id);
    const vault = vaultFromPut(
      { id, name: parsed.name!, apiVersion: "2023-07-01", previous: undefined },
      { location: "westeurope", properties: { tenantId: TENANT, sku: { name: "standard" }, ...properties } },
      "westeurope",
      undefined,
    );
    registry.save(parsed, vault);
    return parsed;
  };
  return { store, resources, registry, add };
}

describe("VaultRegistry", () => {
  it("finds a live vault by name in any casing, and the tracked resource is where other providers' are", () => {
    const { registry, resources, add } = setup();
    const id = add("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/MyVault");
    expect(registry.findByName("myvault")?.vault.properties.vaultUri).toBe("https://myvault.vault.azure.net/");
    expect(registry.findByName("MYVAULT")?.id.key).toBe(id.key);
    expect(resources.listInSubscription("s1", "Microsoft.KeyVault/vaults").map((v) => v.name)).toEqual(["MyVault"]);
    expect(vaultNameAvailability(registry, "myvault")).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
    expect(vaultNameAvailability(registry, "other")).toEqual({ nameAvailable: true });
    expect(vaultNameAvailability(registry, "9x")).toMatchObject({ nameAvailable: false, reason: "AccountNameInvalid" });
  });

  it("soft-deletes: the name stays taken, the deleted vault is listed and can be purged or recovered", () => {
    const { registry, add } = setup();
    const id = add("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1", { softDeleteRetentionInDays: 7 });
    const record = registry.remove(id, new Date("2026-01-01T00:00:00Z"))!;
    expect(registry.findByName("kv1")).toBeUndefined();
    expect(registry.holderOf("kv1")?.state).toBe("deleted");
    expect(registry.getDeleted("s1", "West Europe", "KV1")).toBeDefined();
    expect(registry.getDeleted("s1", "eastus", "kv1")).toBeUndefined();
    expect(registry.getDeleted("s2", "westeurope", "kv1")).toBeUndefined();
    expect(deletedVaultView(record)).toMatchObject({
      id: "/subscriptions/s1/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv1",
      type: "Microsoft.KeyVault/deletedVaults",
      properties: { vaultId: id.id, scheduledPurgeDate: "2026-01-08T00:00:00.000Z", purgeProtectionEnabled: false },
    });
    expect(registry.listDeleted("s1").map((r) => r.name)).toEqual(["kv1"]);
    const vault = registry.takeForRecovery(record);
    registry.save(id, vault);
    expect(registry.findByName("kv1")).toBeDefined();
    registry.purge(registry.remove(id, new Date())!);
    expect(registry.holderOf("kv1")).toBeUndefined();
  });

  it("soft-deletes the vaults of a resource group that was deleted around them", () => {
    const { registry, resources, add } = setup();
    const id = add("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv2");
    add("/subscriptions/s1/resourceGroups/other/providers/Microsoft.KeyVault/vaults/kv3");
    resources.delete(id);
    const swept = registry.afterScopeDeleted(resourceGroupScope("s1", "RG"), new Date());
    expect(swept.map((r) => r.name)).toEqual(["kv2"]);
    expect(registry.holderOf("kv2")?.state).toBe("deleted");
    expect(registry.holderOf("kv3")?.state).toBe("active");
  });
});
