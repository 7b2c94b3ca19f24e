/**
 * Microsoft.Web on the wire, where the SDK would hide what matters: the exact status codes the
 * az CLI and azurerm accept (a plan or site PUT answers 200 even on create), the calls
 * azurerm makes after creating a Linux web app, the runtime catalogue, and bad input that must
 * get Azure's status and code and leave nothing behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi, type TestResponse } from "../../support/azmi.js";

const V = "api-version=2022-03-01";
let azmi: TestAzmi;
let auth: Record<string, string>;
let rgPath: string;

function call(method: string, path: string, body?: unknown): Promise<TestResponse> {
  return azmi.request(method, path, body, auth);
}

beforeAll(async () => {
  azmi = await startTestAzmi();
  const token = await azmi.credential.getToken("https://management.azure.com/.default");
  auth = { authorization: `Bearer ${token!.token}` };
  rgPath = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-wire`;
  expect((await call("PUT", `${rgPath}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
});

afterAll(() => azmi?.stop());

const plan = (name: string) => `${rgPath}/providers/Microsoft.Web/serverfarms/${name}`;
const site = (name: string) => `${rgPath}/providers/Microsoft.Web/sites/${name}`;

async function createPlanAndSite(planName: string, siteName: string): Promise<TestResponse> {
  const p = await call("PUT", `${plan(planName)}?${V}`, {
    location: "westeurope",
    sku: { name: "F1", tier: "FREE", capacity: 1 },
    properties: { perSiteScaling: false, reserved: true, isXenon: false, zoneRedundant: false },
  });
  expect(p.status).toBe(200);
  return call("PUT", `${site(siteName)}?${V}`, {
    location: "westeurope",
    properties: {
      serverFarmId: p.json.id,
      reserved: false,
      siteConfig: { netFrameworkVersion: "v4.6", linuxFxVersion: "PYTHON|3.11", appSettings: [], localMySqlEnabled: false, http20Enabled: true },
      scmSiteAlsoStopped: false,
      httpsOnly: false,
    },
  });
}

describe("what the az CLI sends", () => {
  it("answers plan and site PUT with 200 on create, never 201", async () => {
    const created = await createPlanAndSite("plan-cli", "azmi-wire-cli");
    expect(created.status).toBe(200);
    expect(created.json.properties).toMatchObject({ reserved: true, state: "Running", resourceGroup: "rg-wire" });
    const again = await call("PUT", `${site("azmi-wire-cli")}?${V}`, { location: "westeurope", properties: {} });
    expect(again.status).toBe(200);
    expect(again.json.properties.siteConfig.linuxFxVersion).toBe("PYTHON|3.11");
  });

  it("answers publishxml in XML", async () => {
    const res = await call("POST", `${site("azmi-wire-cli")}/publishxml?${V}`, { format: "WebDeploy" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    expect(res.text).toMatch(/^<publishData><publishProfile profileName="azmi-wire-cli - Web Deploy" publishMethod="MSDeploy"/);
  });

  it("serves config/web and appsettings/list with a properties object", async () => {
    const web = await call("GET", `${site("azmi-wire-cli")}/config/web?${V}`);
    expect(web.status).toBe(200);
    expect(web.json).toMatchObject({ name: "azmi-wire-cli", type: "Microsoft.Web/sites/config" });
    expect(web.json.properties.linuxFxVersion).toBe("PYTHON|3.11");
    const settings = await call("POST", `${site("azmi-wire-cli")}/config/appsettings/list?${V}`);
    expect(settings.status).toBe(200);
    expect(settings.json.properties).toEqual({});
  });

  it("lists sites of the subscription with properties.resourceGroup", async () => {
    const res = await call("GET", `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Web/sites?${V}`);
    expect(res.status).toBe(200);
    const mine = res.json.value.find((s: { name: string }) => s.name === "azmi-wire-cli");
    expect(mine.properties.resourceGroup).toBe("rg-wire");
  });

  it("offers PYTHON|3.11 to Linux plans in webAppStacks, with GitHub Actions settings", async () => {
    const res = await call("GET", `/providers/Microsoft.Web/webAppStacks?${V}`);
    expect(res.status).toBe(200);
    const python = res.json.value.find((s: { name: string }) => s.name === "python");
    const minors = python.properties.majorVersions.flatMap((m: { minorVersions: unknown[] }) => m.minorVersions);
    const py311 = minors.find((m: { value: string }) => m.value === "3.11");
    expect(py311.stackSettings.linuxRuntimeSettings).toMatchObject({
      runtimeVersion: "PYTHON|3.11",
      isHidden: false,
      isDeprecated: false,
      gitHubActionSettings: { isSupported: true },
    });
    const windowsOnly = await call("GET", `/providers/Microsoft.Web/webAppStacks?${V}&stackOsType=Windows`);
    expect(windowsOnly.json.value.map((s: { name: string }) => s.name)).not.toContain("python");
  });
});

describe("what azurerm reads after creating a Linux web app", () => {
  beforeAll(async () => {
    expect((await createPlanAndSite("plan-tf", "azmi-wire-tf")).status).toBe(200);
  });

  it("checks the name with type Microsoft.Web/sites", async () => {
    const res = await call("POST", `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Web/checknameavailability?api-version=2023-01-01`, {
      name: "azmi-wire-new",
      type: "Microsoft.Web/sites",
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ nameAvailable: true, reason: "", message: "" });
  });

  it.each([
    ["GET", "config/web"],
    ["POST", "config/authsettings/list"],
    ["GET", "config/logs"],
    ["POST", "config/appsettings/list"],
    ["GET", "config/slotConfigNames"],
    ["POST", "config/azurestorageaccounts/list"],
    ["POST", "config/connectionstrings/list"],
    ["GET", "basicPublishingCredentialsPolicies/ftp"],
    ["GET", "basicPublishingCredentialsPolicies/scm"],
  ])("%s %s answers 200", async (method, path) => {
    const res = await call(method, `${site("azmi-wire-tf")}/${path}?api-version=2023-12-01`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.properties).toBeTypeOf("object");
  });

  it("answers 404 for a backup configuration never written, 200 once it is", async () => {
    expect((await call("POST", `${site("azmi-wire-tf")}/config/backup/list?api-version=2023-12-01`)).status).toBe(404);
    const put = await call("PUT", `${site("azmi-wire-tf")}/config/backup?api-version=2023-12-01`, {
      properties: { storageAccountUrl: "https://x.blob.core.windows.net/b?sv=1", backupName: "nightly" },
    });
    expect(put.status).toBe(200);
    const listed = await call("POST", `${site("azmi-wire-tf")}/config/backup/list?api-version=2023-12-01`);
    expect(listed.json.properties.backupName).toBe("nightly");
  });

  it("hands out publishing credentials", async () => {
    const res = await call("POST", `${site("azmi-wire-tf")}/config/publishingcredentials/list?api-version=2023-12-01`);
    expect(res.status).toBe(200);
    expect(res.json.properties.publishingUserName).toBe("$azmi-wire-tf");
    expect(res.json.properties.scmUri).toBe(`https://$azmi-wire-tf:${res.json.properties.publishingPassword}@azmi-wire-tf.scm.azurewebsites.net`);
  });

  it("stores basic-auth policies", async () => {
    const put = await call("PUT", `${site("azmi-wire-tf")}/basicPublishingCredentialsPolicies/ftp?api-version=2023-12-01`, {
      properties: { allow: false },
    });
    expect(put.status).toBe(200);
    const ftp = await call("GET", `${site("azmi-wire-tf")}/basicPublishingCredentialsPolicies/ftp?api-version=2023-12-01`);
    expect(ftp.json.properties.allow).toBe(false);
    const scm = await call("GET", `${site("azmi-wire-tf")}/basicPublishingCredentialsPolicies/scm?api-version=2023-12-01`);
    expect(scm.json.properties.allow).toBe(true);
    expect((await call("GET", `${site("azmi-wire-tf")}/basicPublishingCredentialsPolicies/sftp?api-version=2023-12-01`)).status).toBe(404);
  });

  it("deletes with deleteEmptyServerFarm=false: the site is 404 at once, the plan stays", async () => {
    const del = await call("DELETE", `${site("azmi-wire-tf")}?api-version=2023-12-01&deleteMetrics=true&deleteEmptyServerFarm=false`);
    expect(del.status).toBe(200);
    expect((await call("GET", `${site("azmi-wire-tf")}?api-version=2023-12-01`)).status).toBe(404);
    expect((await call("GET", `${site("azmi-wire-tf")}/config/web?api-version=2023-12-01`)).status).toBe(404);
    expect((await call("GET", `${plan("plan-tf")}?api-version=2023-12-01`)).status).toBe(200);
  });
});

describe("bad input", () => {
  it("refuses a plan without a location, or with an unknown SKU, and stores nothing", async () => {
    const noLocation = await call("PUT", `${plan("plan-bad")}?${V}`, { sku: { name: "F1" } });
    expect(noLocation.status).toBe(400);
    expect(noLocation.json.error.code).toBe("LocationRequired");
    const badSku = await call("PUT", `${plan("plan-bad")}?${V}`, { location: "westeurope", sku: { name: "Z9" } });
    expect(badSku.status).toBe(400);
    expect(badSku.json.error.code).toBe("BadRequest");
    expect((await call("GET", `${plan("plan-bad")}?${V}`)).status).toBe(404);
  });

  it("refuses a malformed site body with InvalidRequestContent and stores nothing", async () => {
    const p = await call("GET", `${plan("plan-cli")}?${V}`);
    const res = await call("PUT", `${site("azmi-wire-malformed")}?${V}`, {
      location: "westeurope",
      properties: { serverFarmId: p.json.id, httpsOnly: "yes" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidRequestContent");
    expect(res.json.error.message).toContain("properties.httpsOnly");
    expect((await call("GET", `${site("azmi-wire-malformed")}?${V}`)).status).toBe(404);
  });

  it("refuses a site name that is not a host name", async () => {
    const p = await call("GET", `${plan("plan-cli")}?${V}`);
    const res = await call("PUT", `${site("bad_name")}?${V}`, { location: "westeurope", properties: { serverFarmId: p.json.id } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequest");
  });

  it("refuses an identity type that does not exist, leaving the site as it was", async () => {
    const res = await call("PATCH", `${site("azmi-wire-cli")}?${V}`, { identity: { type: "Everything" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("CannotSetResourceIdentity");
    expect((await call("GET", `${site("azmi-wire-cli")}?${V}`)).json.identity).toBeUndefined();
  });

  it("refuses an api-version Microsoft.Web never had", async () => {
    const res = await call("GET", `${site("azmi-wire-cli")}?api-version=2099-01-01`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("NoRegisteredProviderFound");
  });

  it("answers ResourceGroupNotFound for a site in a missing group", async () => {
    const res = await call("GET", `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-gone/providers/Microsoft.Web/sites/x?${V}`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("ResourceGroupNotFound");
  });
});

describe("resource group delete", () => {
  it("takes plans, sites and their settings along; a site created again starts clean", async () => {
    const groupPath = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-wire-gone`;
    expect((await call("PUT", `${groupPath}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    const p = await call("PUT", `${groupPath}/providers/Microsoft.Web/serverfarms/p?${V}`, { location: "westeurope", sku: { name: "B1" } });
    const s = `${groupPath}/providers/Microsoft.Web/sites/azmi-wire-gone`;
    expect((await call("PUT", `${s}?${V}`, { location: "westeurope", properties: { serverFarmId: p.json.id } })).status).toBe(200);
    expect((await call("PUT", `${s}/config/appsettings?${V}`, { properties: { OLD: "1" } })).status).toBe(200);

    const listed = await call("GET", `${groupPath}/resources?api-version=2021-04-01`);
    expect(listed.json.value.map((r: { type: string }) => r.type).sort()).toEqual(["Microsoft.Web/serverfarms", "Microsoft.Web/sites"]);

    expect((await call("DELETE", `${groupPath}?api-version=2021-04-01`)).status).toBe(202);
    expect((await call("PUT", `${groupPath}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    expect((await call("GET", `${s}?${V}`)).status).toBe(404);
    const p2 = await call("PUT", `${groupPath}/providers/Microsoft.Web/serverfarms/p?${V}`, { location: "westeurope", sku: { name: "B1" } });
    expect(p2.json.properties.numberOfSites).toBe(0);
    expect((await call("PUT", `${s}?${V}`, { location: "westeurope", properties: { serverFarmId: p2.json.id } })).status).toBe(200);
    expect((await call("POST", `${s}/config/appsettings/list?${V}`)).json.properties).toEqual({});
  });
});

describe("state on disk", () => {
  it("keeps plans, sites, their identity and settings across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "azmi-web-state-"));
    try {
      let disk = await startTestAzmi({ dataDir });
      const token = await disk.credential.getToken("https://management.azure.com/.default");
      const h = { authorization: `Bearer ${token!.token}` };
      const group = `/subscriptions/${disk.subscriptionId}/resourceGroups/rg-disk`;
      await disk.request("PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, h);
      const p = await disk.request(
        "PUT",
        `${group}/providers/Microsoft.Web/serverfarms/p?${V}`,
        { location: "westeurope", sku: { name: "B1" }, properties: { reserved: true } },
        h,
      );
      const s = `${group}/providers/Microsoft.Web/sites/azmi-disk-app`;
      const created = await disk.request(
        "PUT",
        `${s}?${V}`,
        {
          location: "westeurope",
          identity: { type: "SystemAssigned" },
          properties: { serverFarmId: p.json.id, siteConfig: { appSettings: [{ name: "A", value: "1" }] } },
        },
        h,
      );
      expect(created.status).toBe(200);
      await disk.stop();

      disk = await startTestAzmi({ dataDir });
      const token2 = await disk.credential.getToken("https://management.azure.com/.default");
      const h2 = { authorization: `Bearer ${token2!.token}` };
      const read = await disk.request("GET", `${s}?${V}`, undefined, h2);
      expect(read.status).toBe(200);
      expect(read.json.identity.principalId).toBe(created.json.identity.principalId);
      expect(read.json.properties.defaultHostName).toBe("azmi-disk-app.azurewebsites.net");
      expect((await disk.request("POST", `${s}/config/appsettings/list?${V}`, undefined, h2)).json.properties).toEqual({ A: "1" });
      await disk.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
