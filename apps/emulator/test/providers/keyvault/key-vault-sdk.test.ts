/**
 * Microsoft.KeyVault vaults driven by @azure/arm-keyvault 5 (api-version 2026-02-01), the way a
 * user's program would: create (RBAC by default at this api-version), read, list, update, access
 * policies, name availability, soft delete, deleted-vault look-ups, recovery and purge.
 */
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { ResourceManagementClient } from "@azure/arm-resources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

let azmi: TestAzmi;
let kv: KeyVaultManagementClient;
const rg = "rg-kv-sdk";

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message: string };
    return { status: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  azmi = await startTestAzmi();
  const o = azmi.sdkOptions();
  kv = new KeyVaultManagementClient(o.credential, azmi.subscriptionId, o);
  await new ResourceManagementClient(o.credential, azmi.subscriptionId, o).resourceGroups.createOrUpdate(rg, { location: "westeurope" });
});

afterAll(() => azmi?.stop());

const properties = () => ({ tenantId: azmi.tenantId, sku: { family: "A" as const, name: "standard" as const }, accessPolicies: [] });

describe("vaults through @azure/arm-keyvault", () => {
  it("creates a vault, with Azure RBAC as 2026-02-01 defaults it, and reads and lists it", async () => {
    const created = await kv.vaults.createOrUpdate(rg, "kv-sdk-one", { location: "West Europe", tags: { env: "test" }, properties: properties() });
    expect(created.id).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv-sdk-one`);
    expect(created.location).toBe("westeurope");
    expect(created.properties).toMatchObject({
      vaultUri: "https://kv-sdk-one.vault.azure.net/",
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      provisioningState: "Succeeded",
      publicNetworkAccess: "Enabled",
    });

    const read = await kv.vaults.get(rg, "kv-sdk-one");
    expect(read.tags).toEqual({ env: "test" });
    expect((await collect(kv.vaults.listByResourceGroup(rg))).map((v) => v.name)).toEqual(["kv-sdk-one"]);
    expect((await collect(kv.vaults.listBySubscription())).map((v) => v.name)).toContain("kv-sdk-one");
  });

  it("updates, and manages access policies with add, replace and remove", async () => {
    const updated = await kv.vaults.update(rg, "kv-sdk-one", { tags: { env: "prod" }, properties: { enabledForDeployment: true } });
    expect(updated.tags).toEqual({ env: "prod" });
    expect(updated.properties.enabledForDeployment).toBe(true);

    const objectId = "22222222-2222-2222-2222-222222222222";
    await kv.vaults.updateAccessPolicy(rg, "kv-sdk-one", "add", {
      properties: { accessPolicies: [{ tenantId: azmi.tenantId, objectId, permissions: { secrets: ["get", "list"] } }] },
    });
    await kv.vaults.updateAccessPolicy(rg, "kv-sdk-one", "remove", {
      properties: { accessPolicies: [{ tenantId: azmi.tenantId, objectId, permissions: { secrets: ["list"] } }] },
    });
    const read = await kv.vaults.get(rg, "kv-sdk-one");
    expect(read.properties.accessPolicies).toEqual([{ tenantId: azmi.tenantId, objectId, permissions: { secrets: ["get"] } }]);
  });

  it("answers name availability: taken, free, invalid", async () => {
    const type = "Microsoft.KeyVault/vaults";
    expect(await kv.vaults.checkNameAvailability({ name: "KV-SDK-ONE", type })).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
    expect(await kv.vaults.checkNameAvailability({ name: "kv-sdk-free", type })).toMatchObject({ nameAvailable: true });
    expect(await kv.vaults.checkNameAvailability({ name: "1-bad", type })).toMatchObject({ nameAvailable: false, reason: "AccountNameInvalid" });
  });

  it("refuses a second vault of a taken name with VaultAlreadyExists, and a bad name with VaultNameNotValid", async () => {
    await new ResourceManagementClient(azmi.credential, azmi.subscriptionId, azmi.sdkOptions()).resourceGroups.createOrUpdate("rg-kv-other", {
      location: "westeurope",
    });
    const taken = await failure(kv.vaults.createOrUpdate("rg-kv-other", "kv-sdk-one", { location: "westeurope", properties: properties() }));
    expect(taken).toMatchObject({ status: 409, code: "VaultAlreadyExists" });
    const bad = await failure(kv.vaults.createOrUpdate(rg, "kv--double", { location: "westeurope", properties: properties() }));
    expect(bad).toMatchObject({ status: 400, code: "VaultNameNotValid" });
  });

  it("soft-deletes, lists and reads the deleted vault, recovers it as it was, then purges it", async () => {
    await kv.vaults.delete(rg, "kv-sdk-one");
    expect(await failure(kv.vaults.get(rg, "kv-sdk-one"))).toMatchObject({ status: 404, code: "ResourceNotFound" });

    const deleted = await kv.vaults.getDeleted("kv-sdk-one", "westeurope");
    expect(deleted.id).toBe(`/subscriptions/${azmi.subscriptionId}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-sdk-one`);
    expect(deleted.properties?.vaultId).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv-sdk-one`);
    expect(deleted.properties?.scheduledPurgeDate?.getTime()).toBeGreaterThan(deleted.properties!.deletionDate!.getTime());
    expect((await collect(kv.vaults.listDeleted())).map((d) => d.name)).toEqual(["kv-sdk-one"]);

    // The name stays taken while the vault is soft-deleted.
    const again = await failure(kv.vaults.createOrUpdate(rg, "kv-sdk-one", { location: "westeurope", properties: properties() }));
    expect(again).toMatchObject({ status: 409, code: "ConflictError" });

    const recovered = await kv.vaults.createOrUpdate(rg, "kv-sdk-one", { location: "westeurope", properties: { ...properties(), createMode: "recover" } });
    expect(recovered.tags).toEqual({ env: "prod" });
    expect(recovered.properties.accessPolicies).toHaveLength(1);
    expect(await failure(kv.vaults.getDeleted("kv-sdk-one", "westeurope"))).toMatchObject({ status: 404 });

    await kv.vaults.delete(rg, "kv-sdk-one");
    await kv.vaults.purgeDeleted("kv-sdk-one", "westeurope");
    expect((await collect(kv.vaults.listDeleted())).map((d) => d.name)).toEqual([]);
    expect(await kv.vaults.checkNameAvailability({ name: "kv-sdk-one", type: "Microsoft.KeyVault/vaults" })).toMatchObject({ nameAvailable: true });
  });

  it("keeps a purge-protected vault: purge protection cannot be switched off, and its deleted vault cannot be purged", async () => {
    await kv.vaults.createOrUpdate(rg, "kv-sdk-kept", { location: "westeurope", properties: { ...properties(), enablePurgeProtection: true } });
    const off = await failure(kv.vaults.update(rg, "kv-sdk-kept", { properties: { enablePurgeProtection: false } }));
    expect(off).toMatchObject({ status: 400, code: "BadRequest" });
    expect(off.message).toContain("irreversible");
    await kv.vaults.delete(rg, "kv-sdk-kept");
    const purge = await failure(kv.vaults.purgeDeleted("kv-sdk-kept", "westeurope"));
    expect(purge.code).toBe("MethodNotAllowed");
    expect((await kv.vaults.getDeleted("kv-sdk-kept", "westeurope")).properties?.purgeProtectionEnabled).toBe(true);
  });
});
