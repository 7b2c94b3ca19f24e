/** The table of which RBAC action each ARM operation needs (src/arm/actions.ts). */
import { describe, expect, it } from "vitest";
import { parseArmPath, parseResourceId } from "@azmi/arm-core";
import { requiredPermission, type OperationRequest } from "../../src/arm/actions.js";

const sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
const rg = `${sub}/resourceGroups/rg1`;

function instance(method: OperationRequest["method"], id: string) {
  const target = parseResourceId(id);
  return requiredPermission({ method, resourceType: target.resourceType!, target, action: undefined });
}

function collection(method: OperationRequest["method"], path: string, postedTo?: "instance" | "collection") {
  const parsed = parseArmPath(path);
  if (parsed.kind !== "collection") throw new Error(`${path} is not a collection`);
  const action = method === "POST" ? parsed.segment : undefined;
  return requiredPermission({ method, resourceType: parsed.resourceType, target: parsed.parent, action, ...(postedTo ? { postedTo } : {}) });
}

describe("required permissions", () => {
  it("maps instance methods to read, write and delete of the resource's type", () => {
    const uai = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`;
    expect(instance("PUT", uai)).toMatchObject({ action: "Microsoft.ManagedIdentity/userAssignedIdentities/write" });
    expect(instance("PATCH", uai)?.action).toBe("Microsoft.ManagedIdentity/userAssignedIdentities/write");
    expect(instance("GET", uai)?.action).toBe("Microsoft.ManagedIdentity/userAssignedIdentities/read");
    expect(instance("HEAD", uai)?.action).toBe("Microsoft.ManagedIdentity/userAssignedIdentities/read");
    expect(instance("DELETE", uai)?.action).toBe("Microsoft.ManagedIdentity/userAssignedIdentities/delete");
    expect(instance("GET", uai)?.scope.id).toBe(uai);
    expect(instance("PUT", `${uai}/federatedIdentityCredentials/f1`)?.action).toBe(
      "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
    );
    expect(instance("PUT", `${rg}/providers/Microsoft.Authorization/roleAssignments/5b0a1e2c-0000-0000-0000-000000000000`)?.action).toBe(
      "Microsoft.Authorization/roleAssignments/write",
    );
  });

  it("names resource groups, subscriptions and the group's resources as role definitions do", () => {
    expect(instance("GET", rg)).toMatchObject({ action: "Microsoft.Resources/subscriptions/resourceGroups/read" });
    expect(instance("DELETE", rg)?.action).toBe("Microsoft.Resources/subscriptions/resourceGroups/delete");
    // A subscription is not refused by role: it is shown to whoever holds a role in it, else not found (subscriptions.ts).
    expect(instance("GET", sub)).toBeNull();
    expect(collection("GET", `${sub}/resourcegroups`)).toMatchObject({ action: "Microsoft.Resources/subscriptions/resourceGroups/read" });
    expect(collection("GET", `${sub}/resourcegroups`)?.scope.id).toBe(sub);
    expect(collection("GET", `${rg}/resources`)?.action).toBe("Microsoft.Resources/subscriptions/resourceGroups/resources/read");
    expect(collection("GET", `${sub}/resources`)?.action).toBe("Microsoft.Resources/subscriptions/resources/read");
  });

  it("maps POST actions to {type}/{action}/action", () => {
    expect(collection("POST", `${rg}/providers/Microsoft.Web/sites/app1/restart`, "instance")).toMatchObject({
      action: "Microsoft.Web/sites/restart/action",
    });
    expect(collection("POST", `${rg}/exportTemplate`, "instance")?.action).toBe("Microsoft.Resources/subscriptions/resourceGroups/exportTemplate/action");
    expect(collection("POST", `${sub}/providers/Microsoft.Web/checknameavailability`, "collection")?.action).toBe("Microsoft.Web/checknameavailability/action");
  });

  it("names Key Vault's vault, deleted-vault, purge and name-check operations as its role definitions do", () => {
    const kv = `${rg}/providers/Microsoft.KeyVault/vaults/kv1`;
    expect(instance("PUT", kv)?.action).toBe("Microsoft.KeyVault/vaults/write");
    expect(instance("DELETE", kv)?.action).toBe("Microsoft.KeyVault/vaults/delete");
    expect(instance("PUT", `${kv}/accessPolicies/add`)?.action).toBe("Microsoft.KeyVault/vaults/accessPolicies/write");
    const deleted = `${sub}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv1`;
    expect(instance("GET", deleted)?.action).toBe("Microsoft.KeyVault/locations/deletedVaults/read");
    expect(collection("POST", `${deleted}/purge`, "instance")?.action).toBe("Microsoft.KeyVault/locations/deletedVaults/purge/action");
    expect(collection("GET", `${sub}/providers/Microsoft.KeyVault/deletedVaults`)?.action).toBe("Microsoft.KeyVault/deletedVaults/read");
    expect(collection("POST", `${sub}/providers/Microsoft.KeyVault/checkNameAvailability`, "collection")?.action).toBe(
      "Microsoft.KeyVault/checkNameAvailability/read",
    );
  });

  it("falls back to {type}/read|write|delete for types no provider knows", () => {
    expect(instance("PUT", `${rg}/providers/Microsoft.Contoso/widgets/w1`)?.action).toBe("Microsoft.Contoso/widgets/write");
    expect(collection("GET", `${rg}/providers/Microsoft.Contoso/widgets`)?.action).toBe("Microsoft.Contoso/widgets/read");
  });

  it("does not authorize listing subscriptions or tenants (ARM filters them instead)", () => {
    expect(collection("GET", "/subscriptions")).toBeNull();
    expect(collection("GET", "/tenants")).toBeNull();
  });
});
