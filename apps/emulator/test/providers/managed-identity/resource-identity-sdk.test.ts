/**
 * The identity block of any resource, through @azure/arm-resources on a generic resource type:
 * SystemAssigned on and off (with its service principal), user-assigned entries filled in,
 * and the refusals (unknown identity, unknown type) leaving the stored resource as it was.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceManagementClient, type GenericResource } from "@azure/arm-resources";
import { managedIdentityPrincipals, startTestAzmi, type TestAzmi } from "../../support/azmi.js";

let azmi: TestAzmi;
let rm: ResourceManagementClient;
let msi: ManagedServiceIdentityClient;
let widget: string;
const V = "2021-01-01";

beforeAll(async () => {
  azmi = await startTestAzmi();
  const o = azmi.sdkOptions();
  rm = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
  msi = new ManagedServiceIdentityClient(o.credential, azmi.subscriptionId, o);
  widget = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-id/providers/Microsoft.Contoso/widgets/widget1`;
});
afterAll(() => azmi?.stop());
beforeEach(async () => {
  azmi.services.reset();
  await rm.resourceGroups.createOrUpdate("rg-id", { location: "westeurope" });
});

const put = (body: GenericResource) => rm.resources.beginCreateOrUpdateByIdAndWait(widget, V, body);

async function refusal(promise: Promise<unknown>): Promise<{ statusCode: number | undefined; code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name?: string; statusCode?: number; code?: string; message: string };
    if (e.name === "RestError") return { statusCode: e.statusCode, code: e.code, message: e.message };
    throw err;
  }
  throw new Error("expected the request to fail");
}

describe("identity blocks on a generic resource (@azure/arm-resources)", () => {
  it("turns a system-assigned identity on, keeps it across updates, and off again, with its service principal", async () => {
    const on = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: {} });
    expect(on.identity).toMatchObject({ type: "SystemAssigned", tenantId: azmi.tenantId });
    const principalId = on.identity!.principalId!;
    expect(azmi.services.directory.servicePrincipals.get(principalId)).toMatchObject({
      displayName: "widget1",
      servicePrincipalType: "ManagedIdentity",
      alternativeNames: ["isExplicit=False", widget],
    });

    const again = await put({ location: "westeurope", tags: { a: "1" }, identity: { type: "SystemAssigned" }, properties: {} });
    expect(again.identity!.principalId).toBe(principalId);
    expect((await rm.resources.getById(widget, V)).identity).toMatchObject({ type: "SystemAssigned", principalId });

    const off = await put({ location: "westeurope", identity: { type: "None" }, properties: {} });
    expect(off.identity?.principalId).toBeUndefined();
    expect(azmi.services.directory.servicePrincipals.get(principalId)).toBeUndefined();
  });

  it("fills user-assigned entries and combines them with a system identity", async () => {
    const uai = await msi.userAssignedIdentities.createOrUpdate("rg-id", "mi-shared", { location: "westeurope" });
    const both = await put({
      location: "westeurope",
      identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [uai.id!]: {} } },
      properties: {},
    });
    expect(both.identity!.type).toBe("SystemAssigned, UserAssigned");
    expect(both.identity!.principalId).toBeDefined();
    expect(both.identity!.userAssignedIdentities![uai.id!]).toEqual({ principalId: uai.principalId, clientId: uai.clientId });
  });

  it("refuses an unknown user-assigned identity with 400 and leaves the stored resource as it was", async () => {
    const stored = await put({ location: "westeurope", tags: { keep: "me" }, identity: { type: "SystemAssigned" }, properties: {} });
    const spCount = managedIdentityPrincipals(azmi);
    const ghost = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ghost`;
    const r = await refusal(put({ location: "westeurope", identity: { type: "UserAssigned", userAssignedIdentities: { [ghost]: {} } }, properties: {} }));
    expect(r).toMatchObject({ statusCode: 400, code: "FailedIdentityOperation" });
    expect(r.message).toContain(ghost);
    expect(await rm.resources.getById(widget, V)).toEqual(stored);
    expect(managedIdentityPrincipals(azmi)).toBe(spCount);
  });

  it("refuses an identity type that does not exist, on create and on update (raw: the SDK refuses it client-side)", async () => {
    const raw = (type: string) => azmi.request("PUT", `${widget}?api-version=${V}`, { location: "westeurope", identity: { type }, properties: {} });
    const created = await raw("Magic");
    expect(created.status).toBe(400);
    expect(created.json.error.code).toBe("CannotSetResourceIdentity");
    expect(await refusal(rm.resources.getById(widget, V))).toMatchObject({ statusCode: 404 });
    const stored = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: {} });
    const updated = await raw("SystemAssigned, Magic");
    expect(updated.status).toBe(400);
    expect(updated.json.error.code).toBe("CannotSetResourceIdentity");
    expect(await rm.resources.getById(widget, V)).toEqual(stored);
    expect(managedIdentityPrincipals(azmi)).toBe(1);
    // Azure's type names are case-insensitive.
    expect((await raw("systemassigned")).json.identity).toMatchObject({ type: "SystemAssigned", principalId: stored.identity!.principalId });
  });

  it("deleting the resource, or its group, deletes its system principal", async () => {
    const a = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: {} });
    await rm.resources.beginDeleteByIdAndWait(widget, V);
    expect(azmi.services.directory.servicePrincipals.get(a.identity!.principalId!)).toBeUndefined();
    const b = await put({ location: "westeurope", identity: { type: "SystemAssigned" }, properties: {} });
    await rm.resourceGroups.beginDeleteAndWait("rg-id");
    expect(azmi.services.directory.servicePrincipals.get(b.identity!.principalId!)).toBeUndefined();
    expect(managedIdentityPrincipals(azmi)).toBe(0);
  });
});
