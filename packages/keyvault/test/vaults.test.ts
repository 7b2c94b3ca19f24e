/** The vault rules of @azmi/keyvault: names, defaults per api-version, irreversible settings, access-policy updates. */
import { describe, expect, it } from "vitest";
import { ArmError } from "@azmi/arm-core";
import { isValidVaultName, rbacIsDefaultOnCreate, updateAccessPolicies, usesRbac, vaultFromPatch, vaultFromPut, type StoredVault } from "../src/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ID = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/KvOne";
const base = { tenantId: TENANT, sku: { family: "A", name: "standard" } };

function create(apiVersion: string, properties: Record<string, unknown> = {}): StoredVault {
  return vaultFromPut(
    { id: ID, name: "KvOne", apiVersion, previous: undefined },
    { location: "West Europe", properties: { ...base, ...properties } },
    "West Europe",
    undefined,
  );
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ArmError ? `${error.status} ${error.code}` : String(error);
  }
}

describe("vault names", () => {
  it("takes 3-24 letters, digits and single hyphens, a letter first and a letter or digit last", () => {
    for (const ok of ["kv1", "a-b-c", "Abc123", "a".repeat(24)]) expect(isValidVaultName(ok), ok).toBe(true);
    for (const bad of ["kv", "1kv", "kv-", "k--v", "a".repeat(25), "kv_1", "kv.1"]) expect(isValidVaultName(bad), bad).toBe(false);
  });
});

describe("a new vault", () => {
  it("gets its URI, soft delete with 90 days, public access and Succeeded, in canonical location", () => {
    const vault = create("2023-07-01");
    expect(vault.properties).toMatchObject({
      tenantId: TENANT,
      sku: { family: "A", name: "standard" },
      vaultUri: "https://kvone.vault.azure.net/",
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      publicNetworkAccess: "Enabled",
      provisioningState: "Succeeded",
      accessPolicies: [],
    });
    expect(vault.location).toBe("westeurope");
    expect(vault.properties.enablePurgeProtection).toBeUndefined();
  });

  it("uses access policies unless told otherwise before 2026-02-01, and Azure RBAC from 2026-02-01 on", () => {
    expect(rbacIsDefaultOnCreate("2025-05-01")).toBe(false);
    expect(rbacIsDefaultOnCreate("2026-02-01")).toBe(true);
    expect(create("2022-07-01").properties.enableRbacAuthorization).toBeUndefined();
    expect(usesRbac(create("2022-07-01"))).toBe(false);
    expect(create("2026-02-01").properties.enableRbacAuthorization).toBe(true);
    expect(create("2026-02-01", { enableRbacAuthorization: false }).properties.enableRbacAuthorization).toBe(false);
  });

  it("refuses a missing tenant or sku, a bad sku, a bad tenant id, purge protection false, retention out of range", () => {
    const put = (properties: Record<string, unknown>) => () =>
      vaultFromPut({ id: ID, name: "KvOne", apiVersion: "2023-07-01", previous: undefined }, { location: "westeurope", properties }, "westeurope", undefined);
    expect(codeOf(put({ sku: base.sku }))).toBe("400 BadRequest");
    expect(codeOf(put({ tenantId: TENANT }))).toBe("400 BadRequest");
    expect(codeOf(put({ ...base, sku: { family: "A", name: "gold" } }))).toBe("400 BadRequest");
    expect(codeOf(put({ ...base, tenantId: "not-a-guid" }))).toBe("400 BadRequest");
    expect(codeOf(put({ ...base, enablePurgeProtection: false }))).toBe("400 BadRequest");
    expect(codeOf(put({ ...base, softDeleteRetentionInDays: 3 }))).toBe("400 BadRequest");
    expect(codeOf(put({ ...base, publicNetworkAccess: "Sometimes" }))).toBe("400 BadRequest");
  });
});

describe("updating a vault", () => {
  it("keeps purge protection on and the retention fixed", () => {
    const protectedVault = create("2023-07-01", { enablePurgeProtection: true, softDeleteRetentionInDays: 7 });
    const write = { id: ID, name: "KvOne", apiVersion: "2023-07-01", previous: protectedVault };
    expect(codeOf(() => vaultFromPatch(write, { properties: { enablePurgeProtection: false } }, undefined))).toBe("400 BadRequest");
    expect(codeOf(() => vaultFromPatch(write, { properties: { softDeleteRetentionInDays: 30 } }, undefined))).toBe("400 BadRequest");
    // A PUT that leaves them out keeps them.
    const again = vaultFromPut(write, { location: "westeurope", properties: base }, "westeurope", undefined);
    expect(again.properties).toMatchObject({ enablePurgeProtection: true, softDeleteRetentionInDays: 7 });
  });

  it("does not switch an access-policy vault to RBAC when updated with 2026-02-01", () => {
    const old = create("2022-07-01");
    const updated = vaultFromPatch({ id: ID, name: "KvOne", apiVersion: "2026-02-01", previous: old }, { tags: { a: "b" } }, undefined);
    expect(updated.properties.enableRbacAuthorization).toBeUndefined();
    expect(updated.tags).toEqual({ a: "b" });
  });
});

describe("access policy updates", () => {
  const alice = { tenantId: TENANT, objectId: "11111111-1111-1111-1111-111111111111" };
  it("add merges into the principal's entry, replace overwrites it, remove drops emptied entries", () => {
    let policies = updateAccessPolicies([], "add", [{ ...alice, permissions: { secrets: ["get"] } }]);
    policies = updateAccessPolicies(policies, "add", [{ ...alice, permissions: { secrets: ["list", "Get"], keys: ["sign"] } }]);
    expect(policies).toEqual([{ ...alice, permissions: { secrets: ["get", "list"], keys: ["sign"] } }]);
    policies = updateAccessPolicies(policies, "replace", [{ ...alice, permissions: { certificates: ["get"] } }]);
    expect(policies).toEqual([{ ...alice, permissions: { certificates: ["get"] } }]);
    policies = updateAccessPolicies(policies, "remove", [{ ...alice, permissions: { certificates: ["get"] } }]);
    expect(policies).toEqual([]);
  });
});
