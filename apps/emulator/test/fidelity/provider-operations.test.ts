/**
 * `GET /providers/{namespace}/operations` for each namespace azmi serves, listing the actions
 * strict mode checks (arm/actions.ts), in the shape of Azure's operation lists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { requiredPermission } from "../../src/arm/actions.js";
import { parseResourceId } from "@azmi/arm-core";
import { AuthorizationManagementClient } from "@azure/arm-authorization";

let azmi: TestAzmi;
beforeAll(async () => {
  azmi = await startTestAzmi();
});
afterAll(() => azmi.stop());

async function operationNames(namespace: string, apiVersion: string): Promise<string[]> {
  const res = await azmi.request("GET", `/providers/${namespace}/operations?api-version=${apiVersion}`);
  expect(res.status).toBe(200);
  for (const op of res.json.value) {
    expect(op).toMatchObject({ name: expect.any(String), isDataAction: false, display: { provider: expect.any(String), resource: expect.any(String) } });
    expect(Object.keys(op.display).sort()).toEqual(["description", "operation", "provider", "resource"]);
  }
  return res.json.value.map((op: { name: string }) => op.name);
}

describe("provider operation lists", () => {
  it.each([
    [
      "Microsoft.ManagedIdentity",
      "2023-01-31",
      [
        "Microsoft.ManagedIdentity/register/action",
        "Microsoft.ManagedIdentity/userAssignedIdentities/read",
        "Microsoft.ManagedIdentity/userAssignedIdentities/write",
        "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
        "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
        "Microsoft.ManagedIdentity/identities/read",
      ],
    ],
    [
      "Microsoft.Authorization",
      "2022-04-01",
      [
        "Microsoft.Authorization/roleAssignments/write",
        "Microsoft.Authorization/roleDefinitions/delete",
        "Microsoft.Authorization/locks/write",
        "Microsoft.Authorization/permissions/read",
      ],
    ],
    [
      "Microsoft.Resources",
      "2021-04-01",
      [
        "Microsoft.Resources/subscriptions/resourceGroups/delete",
        "Microsoft.Resources/subscriptions/operationresults/read",
        "Microsoft.Resources/deployments/write",
        "Microsoft.Resources/subscriptions/resourceGroups/resources/read",
      ],
    ],
    ["Microsoft.Web", "2022-03-01", ["Microsoft.Web/sites/write", "Microsoft.Web/serverfarms/read", "Microsoft.Web/sites/restart/action"]],
  ])("%s lists its operations", async (namespace, apiVersion, expected) => {
    const names = await operationNames(namespace, apiVersion);
    for (const name of expected) expect(names).toContain(name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) expect(name.toLowerCase().startsWith(`${namespace.toLowerCase()}/`)).toBe(true);
  });

  it("names exactly the action strict mode checks for the same operation", async () => {
    const names = await operationNames("Microsoft.ManagedIdentity", "2023-01-31");
    const id = parseResourceId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x");
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      expect(names).toContain(requiredPermission({ method, resourceType: id.resourceType!, target: id, action: undefined })!.action);
    }
  });

  it("answers an operation list of a namespace azmi does not serve as Azure does for an unknown type", async () => {
    const res = await azmi.request("GET", `/providers/Microsoft.ManagedIdentity/operations?api-version=2099-01-01`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("NoRegisteredProviderFound");
  });
});

describe("Microsoft.Authorization/providerOperations", () => {
  it("gives @azure/arm-authorization each served namespace's operations by resource type, from the same action table", async () => {
    const o = azmi.sdkOptions();
    const client = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
    const msi = await client.providerOperationsMetadataOperations.get("microsoft.managedidentity", { expand: "resourceTypes" });
    expect(msi).toMatchObject({
      id: "/providers/Microsoft.Authorization/providerOperations/Microsoft.ManagedIdentity",
      name: "Microsoft.ManagedIdentity",
      type: "Microsoft.Authorization/providerOperations",
      displayName: "Managed Service Identity",
    });
    expect(msi.operations?.map((op) => op.name)).toEqual(["Microsoft.ManagedIdentity/register/action"]);
    const identities = msi.resourceTypes?.find((t) => t.name === "userAssignedIdentities");
    expect(identities?.operations?.map((op) => op.name)).toEqual(
      expect.arrayContaining(["Microsoft.ManagedIdentity/userAssignedIdentities/read", "Microsoft.ManagedIdentity/userAssignedIdentities/write"]),
    );
    const listed: string[] = [];
    for await (const entry of client.providerOperationsMetadataOperations.list()) listed.push(entry.name!);
    expect(listed).toEqual(
      expect.arrayContaining(["Microsoft.ManagedIdentity", "Microsoft.Authorization", "Microsoft.Resources", "Microsoft.KeyVault", "Microsoft.Web"]),
    );
    // The operations the metadata names are the ones strict mode checks.
    const target = parseResourceId(`/subscriptions/${azmi.subscriptionId}/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x`);
    const action = requiredPermission({ method: "DELETE", resourceType: target.resourceType!, target, action: undefined })!.action;
    expect(identities?.operations?.map((op) => op.name)).toContain(action);
  });

  it("answers 404 InvalidResourceNamespace for a namespace azmi does not serve", async () => {
    const res = await azmi.request("GET", "/providers/Microsoft.Authorization/providerOperations/Microsoft.Nothing?api-version=2022-04-01");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("InvalidResourceNamespace");
  });
});
