/**
 * Microsoft.Web driven by @azure/arm-appservice (api-version 2025-05-01), the way a user's
 * program would: a Linux F1 plan, a Python web app on it, its configuration and publish
 * profile, its system-assigned identity switched on and off, and the deletes.
 */
import { ResourceManagementClient } from "@azure/arm-resources";
import { WebSiteManagementClient, type Site } from "@azure/arm-appservice";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let azmi: TestAzmi;
let web: WebSiteManagementClient;
let rg: string;

async function streamText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function statusOf(promise: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined }> {
  try {
    await promise;
    return { status: 200, code: undefined };
  } catch (error) {
    const e = error as { statusCode?: number; code?: string };
    return { status: e.statusCode, code: e.code };
  }
}

async function bearer(scope: string): Promise<Record<string, string>> {
  const token = await azmi.credential.getToken(scope);
  return { authorization: `Bearer ${token!.token}` };
}

/** The directory's record of a principal (what `az ad sp show --id` reads through Graph). */
function servicePrincipal(id: string): { id: string; displayName: string; servicePrincipalType: string } | undefined {
  return azmi.services.directory.servicePrincipals.get(id) as never;
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

beforeAll(async () => {
  azmi = await startTestAzmi();
  const o = azmi.sdkOptions();
  web = new WebSiteManagementClient(o.credential, azmi.subscriptionId, o);
  const rm = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
  rg = "rg-web-sdk";
  await rm.resourceGroups.createOrUpdate(rg, { location: "westeurope" });
  await rm.resourceGroups.createOrUpdate("rg-web-other", { location: "westeurope" });
});

afterAll(() => azmi?.stop());

describe("App Service plans", () => {
  it("creates a Linux F1 plan, reads it back and lists it in its group", async () => {
    const created = await web.appServicePlans.beginCreateOrUpdateAndWait(rg, "plan-linux", {
      location: "westeurope",
      kind: "linux",
      sku: { name: "F1", tier: "Free" },
      reserved: true,
    });
    expect(created.id).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/plan-linux`);
    expect(created.sku).toMatchObject({ name: "F1", tier: "Free", family: "F" });
    expect(created.reserved).toBe(true);
    expect(created.kind).toBe("linux");
    expect(created.provisioningState).toBe("Succeeded");

    const read = await web.appServicePlans.get(rg, "plan-linux");
    expect(read.name).toBe("plan-linux");
    expect(read.location).toBe("westeurope");
    expect(read.numberOfSites).toBe(0);

    const listed = await collect(web.appServicePlans.listByResourceGroup(rg));
    expect(listed.map((p) => p.name)).toContain("plan-linux");
  });

  it("answers 404 for a plan that does not exist", async () => {
    expect(await statusOf(web.appServicePlans.get(rg, "no-such-plan"))).toMatchObject({ status: 404, code: "ResourceNotFound" });
  });

  it("refuses a plan in a resource group that does not exist", async () => {
    const result = await statusOf(web.appServicePlans.beginCreateOrUpdateAndWait("rg-missing", "p", { location: "westeurope", sku: { name: "B1" } }));
    expect(result).toMatchObject({ status: 404, code: "ResourceGroupNotFound" });
  });
});

describe("web apps", () => {
  let site: Site;

  beforeAll(async () => {
    const plan = await web.appServicePlans.get(rg, "plan-linux");
    site = await web.webApps.beginCreateOrUpdateAndWait(rg, "azmi-sdk-app", {
      location: "westeurope",
      serverFarmId: plan.id,
      siteConfig: { linuxFxVersion: "PYTHON|3.11", appSettings: [{ name: "GREETING", value: "hello" }] },
      httpsOnly: true,
    });
  });

  it("creates a running Linux site with Azure's host names and addresses", async () => {
    expect(site.id).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Web/sites/azmi-sdk-app`);
    expect(site.kind).toBe("app,linux");
    expect(site.state).toBe("Running");
    expect(site.defaultHostName).toBe("azmi-sdk-app.azurewebsites.net");
    expect(site.hostNames).toEqual(["azmi-sdk-app.azurewebsites.net"]);
    expect(site.enabledHostNames).toEqual(["azmi-sdk-app.azurewebsites.net", "azmi-sdk-app.scm.azurewebsites.net"]);
    expect(site.serverFarmId).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/plan-linux`);
    expect(site.resourceGroup).toBe(rg);
    expect(site.reserved).toBe(true);
    expect(site.httpsOnly).toBe(true);
    expect(site.enabled).toBe(true);
    expect(site.outboundIpAddresses?.split(",").length).toBeGreaterThan(1);
    expect(site.possibleOutboundIpAddresses?.split(",")).toEqual(expect.arrayContaining(site.outboundIpAddresses!.split(",")));
    expect(site.customDomainVerificationId).toMatch(/^[0-9A-F]{64}$/);
    expect(site.identity).toBeUndefined();
  });

  it("counts the site on its plan and lists it in the group and the subscription", async () => {
    expect((await web.appServicePlans.get(rg, "plan-linux")).numberOfSites).toBe(1);
    expect((await collect(web.webApps.listByResourceGroup(rg))).map((s) => s.name)).toEqual(["azmi-sdk-app"]);
    const all = await collect(web.webApps.list());
    expect(all.find((s) => s.name === "azmi-sdk-app")?.resourceGroup).toBe(rg);
  });

  it("serves the site configuration, with the runtime it was created with", async () => {
    const config = await web.webApps.getConfiguration(rg, "azmi-sdk-app");
    expect(config.id).toBe(`${site.id}/config/web`);
    expect(config.linuxFxVersion).toBe("PYTHON|3.11");
    expect(config.publishingUsername).toBe("$azmi-sdk-app");
  });

  it("keeps app settings sent with the site in config/appsettings", async () => {
    const settings = await web.webApps.listApplicationSettings(rg, "azmi-sdk-app");
    expect(settings.properties).toEqual({ GREETING: "hello" });
    await web.webApps.updateApplicationSettings(rg, "azmi-sdk-app", { properties: { GREETING: "bye", MODE: "test" } });
    expect((await web.webApps.listApplicationSettings(rg, "azmi-sdk-app")).properties).toEqual({ GREETING: "bye", MODE: "test" });
  });

  it("answers the publish profile as XML with the deployment user", async () => {
    const response = await web.webApps.listPublishingProfileXmlWithSecrets(rg, "azmi-sdk-app", { format: "WebDeploy" });
    const xml = await streamText(response.readableStreamBody);
    expect(xml).toMatch(/^<publishData>/);
    expect(xml).toContain('publishMethod="MSDeploy"');
    expect(xml).toContain('publishUrl="azmi-sdk-app.scm.azurewebsites.net:443"');
    expect(xml).toContain('publishMethod="FTP"');
    const user = await web.webApps.beginListPublishingCredentialsAndWait(rg, "azmi-sdk-app");
    expect(user.publishingUserName).toBe("$azmi-sdk-app");
    expect(xml).toContain(`userPWD="${user.publishingPassword}"`);
  });

  it("turns the system-assigned identity on with a PATCH and off with a PUT", async () => {
    const on = await web.webApps.update(rg, "azmi-sdk-app", { identity: { type: "SystemAssigned" } });
    expect(on.identity?.type).toBe("SystemAssigned");
    expect(on.identity?.principalId).toMatch(GUID);
    expect(on.identity?.tenantId).toBe(azmi.tenantId);

    const read = await web.webApps.get(rg, "azmi-sdk-app");
    expect(read.identity?.principalId).toBe(on.identity?.principalId);
    // Switching the identity on leaves the rest of the site alone.
    expect(read.siteConfig?.linuxFxVersion).toBe("PYTHON|3.11");
    expect(read.httpsOnly).toBe(true);

    // The identity is a service principal in the directory, named after the site.
    const principalId = on.identity!.principalId!;
    expect(servicePrincipal(principalId)).toMatchObject({ id: principalId, displayName: "azmi-sdk-app", servicePrincipalType: "ManagedIdentity" });
    const byDefault = await azmi.request(
      "GET",
      `${on.id}/providers/Microsoft.ManagedIdentity/identities/default?api-version=2024-11-30`,
      undefined,
      await bearer("https://management.azure.com/.default"),
    );
    expect(byDefault.status).toBe(200);
    expect(byDefault.json.properties).toMatchObject({ principalId, tenantId: azmi.tenantId });

    const off = await web.webApps.beginCreateOrUpdateAndWait(rg, "azmi-sdk-app", {
      ...read,
      identity: { type: "None" },
    });
    expect(off.identity?.principalId).toBeUndefined();
    expect((await web.webApps.get(rg, "azmi-sdk-app")).identity?.principalId).toBeUndefined();
    expect(servicePrincipal(principalId)).toBeUndefined();
  });

  it("fills user-assigned entries from the identities they name, and refuses unknown ones", async () => {
    const uai = await azmi.request(
      "PUT",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-uai?api-version=2023-01-31`,
      { location: "westeurope" },
      await bearer("https://management.azure.com/.default"),
    );
    expect(uai.status).toBe(201);
    const uaiId: string = uai.json.id;

    const both = await web.webApps.update(rg, "azmi-sdk-app", {
      identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [uaiId]: {} } },
    });
    expect(both.identity?.type).toBe("SystemAssigned, UserAssigned");
    expect(both.identity?.principalId).toMatch(GUID);
    expect(both.identity?.userAssignedIdentities?.[uaiId]).toEqual({
      principalId: uai.json.properties.principalId,
      clientId: uai.json.properties.clientId,
    });

    const missing = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope`;
    const refused = await statusOf(web.webApps.update(rg, "azmi-sdk-app", { identity: { type: "UserAssigned", userAssignedIdentities: { [missing]: {} } } }));
    expect(refused).toMatchObject({ status: 400, code: "FailedIdentityOperation" });
    // Nothing changed.
    expect((await web.webApps.get(rg, "azmi-sdk-app")).identity?.principalId).toBe(both.identity?.principalId);

    const none = await web.webApps.update(rg, "azmi-sdk-app", { identity: { type: "None" } });
    expect(none.identity?.type ?? "None").toBe("None");
  });

  it("checks names globally: the taken name is refused in another group", async () => {
    const taken = await web.checkNameAvailability("azmi-sdk-app", "Site");
    expect(taken).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
    expect((await web.checkNameAvailability("azmi-sdk-free", "Site")).nameAvailable).toBe(true);
    expect((await web.checkNameAvailability("bad_name", "Site")).reason).toBe("Invalid");

    const plan = await web.appServicePlans.get(rg, "plan-linux");
    const clash = await statusOf(web.webApps.beginCreateOrUpdateAndWait("rg-web-other", "AZMI-SDK-APP", { location: "westeurope", serverFarmId: plan.id }));
    expect(clash).toMatchObject({ status: 409, code: "Conflict" });
  });

  it("refuses a site on a plan that does not exist", async () => {
    const result = await statusOf(
      web.webApps.beginCreateOrUpdateAndWait(rg, "azmi-sdk-orphan", {
        location: "westeurope",
        serverFarmId: `/subscriptions/${azmi.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/ghost`,
      }),
    );
    expect(result).toMatchObject({ status: 404, code: "NotFound" });
    expect(await statusOf(web.webApps.get(rg, "azmi-sdk-orphan"))).toMatchObject({ status: 404 });
  });

  it("refuses to delete a plan that still hosts a site", async () => {
    expect(await statusOf(web.appServicePlans.delete(rg, "plan-linux"))).toMatchObject({ status: 409, code: "Conflict" });
  });
});

describe("deleting web apps", () => {
  async function planWithSite(plan: string, app: string): Promise<void> {
    const created = await web.appServicePlans.beginCreateOrUpdateAndWait(rg, plan, { location: "westeurope", sku: { name: "B1" } });
    await web.webApps.beginCreateOrUpdateAndWait(rg, app, { location: "westeurope", serverFarmId: created.id });
  }

  it("keeps the emptied plan with deleteEmptyServerFarm=false", async () => {
    await planWithSite("plan-keep", "azmi-sdk-keep");
    await web.webApps.delete(rg, "azmi-sdk-keep", { deleteEmptyServerFarm: false });
    expect(await statusOf(web.webApps.get(rg, "azmi-sdk-keep"))).toMatchObject({ status: 404, code: "ResourceNotFound" });
    expect(await statusOf(web.webApps.getConfiguration(rg, "azmi-sdk-keep"))).toMatchObject({ status: 404 });
    expect((await web.appServicePlans.get(rg, "plan-keep")).numberOfSites).toBe(0);
    await web.appServicePlans.delete(rg, "plan-keep");
    expect(await statusOf(web.appServicePlans.get(rg, "plan-keep"))).toMatchObject({ status: 404 });
  });

  it("takes the emptied plan along by default, as Azure does, and the site's principal with the site", async () => {
    await planWithSite("plan-drop", "azmi-sdk-drop");
    const on = await web.webApps.update(rg, "azmi-sdk-drop", { identity: { type: "SystemAssigned" } });
    expect(servicePrincipal(on.identity!.principalId!)).toBeDefined();
    await web.webApps.delete(rg, "azmi-sdk-drop");
    expect(servicePrincipal(on.identity!.principalId!)).toBeUndefined();
    expect(await statusOf(web.appServicePlans.get(rg, "plan-drop"))).toMatchObject({ status: 404 });
    // The name is free again.
    expect((await web.checkNameAvailability("azmi-sdk-drop", "Site")).nameAvailable).toBe(true);
  });
});
