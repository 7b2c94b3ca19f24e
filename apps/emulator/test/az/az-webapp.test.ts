/**
 * The App Service walkthrough with the real az CLI, through azmi's proxy, command for command:
 * a Linux F1 plan, a Python 3.11 web app, its system-assigned identity switched on, read back
 * three ways (webapp identity show, the identities/default endpoint, its service principal with
 * az ad sp show), a user-assigned identity added and removed, and the system identity removed
 * again. It checks the fields a user reads: principalId, tenantId, type, defaultHostName, state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzSession, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT = "00000000-0000-0000-0000-000000000000";

const az = findAz();
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPING az webapp tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("az webapp against azmi", () => {
  let emulator: AzmiProcess;
  let session: AzSession;
  let siteId: string;
  let principalId: string;

  beforeAll(async () => {
    emulator = await startAzmiProcess();
    session = await createAzSession(az!, emulator);
    await session.login(TENANT);
    await session.json(["group", "create", "-n", "rg-webapp", "-l", "westeurope"]);
  }, 120_000);

  afterAll(async () => {
    await session?.dispose();
    await emulator?.stop();
  });

  it("az appservice plan create --sku F1 --is-linux", async () => {
    const plan = await session.json(["appservice", "plan", "create", "-g", "rg-webapp", "-n", "plan-f1", "--sku", "F1", "--is-linux"]);
    expect(plan.name).toBe("plan-f1");
    expect(plan.reserved).toBe(true);
    expect(plan.sku).toMatchObject({ name: "F1", tier: "Free" });
    expect(plan.location).toBe("westeurope");
  }, 120_000);

  it('az webapp create --runtime "PYTHON:3.11"', async () => {
    const app = await session.json(["webapp", "create", "-g", "rg-webapp", "-p", "plan-f1", "-n", "azmi-walkthrough", "--runtime", "PYTHON:3.11"]);
    expect(app.defaultHostName).toBe("azmi-walkthrough.azurewebsites.net");
    expect(app.state).toBe("Running");
    expect(app.kind).toBe("app,linux");
    expect(app.resourceGroup).toBe("rg-webapp");
    expect(app.ftpPublishingUrl).toMatch(/^ftps:\/\/.*\/site\/wwwroot$/);
    siteId = app.id;
    expect(siteId).toBe(`/subscriptions/${TENANT}/resourceGroups/rg-webapp/providers/Microsoft.Web/sites/azmi-walkthrough`);
  }, 120_000);

  it("az webapp show", async () => {
    const app = await session.json(["webapp", "show", "-g", "rg-webapp", "-n", "azmi-walkthrough"]);
    expect(app.id).toBe(siteId);
    expect(app.state).toBe("Running");
    expect(app.defaultHostName).toBe("azmi-walkthrough.azurewebsites.net");
    expect(app.siteConfig.linuxFxVersion).toBe("PYTHON|3.11");
    expect(app.identity).toBeNull();
    const missing = await session.run(["webapp", "show", "-g", "rg-webapp", "-n", "azmi-nowhere"]);
    expect(missing.code).toBe(3);
  }, 120_000);

  it("az webapp identity assign, then show and the identities/default endpoint agree", async () => {
    const assigned = await session.json(["webapp", "identity", "assign", "-g", "rg-webapp", "-n", "azmi-walkthrough"]);
    expect(assigned.type).toBe("SystemAssigned");
    expect(assigned.principalId).toMatch(GUID);
    expect(assigned.tenantId).toBe(TENANT);
    principalId = assigned.principalId;

    const shown = await session.json(["webapp", "identity", "show", "-g", "rg-webapp", "-n", "azmi-walkthrough"]);
    expect(shown).toMatchObject({ type: "SystemAssigned", principalId, tenantId: TENANT });

    const url = `https://management.azure.com${siteId}/providers/Microsoft.ManagedIdentity/identities/default?api-version=2024-11-30`;
    const identity = await session.json(["rest", "--method", "get", "--url", url]);
    expect(identity.id).toBe(siteId);
    expect(identity.properties).toMatchObject({ principalId, tenantId: TENANT });
    expect(identity.properties.clientId).toMatch(GUID);

    // The identity is a service principal named after the site, its appId the clientId.
    const sp = await session.json(["ad", "sp", "show", "--id", principalId]);
    expect(sp).toMatchObject({
      id: principalId,
      appId: identity.properties.clientId,
      displayName: "azmi-walkthrough",
      servicePrincipalType: "ManagedIdentity",
    });
    expect(sp.alternativeNames).toEqual(["isExplicit=False", siteId]);

    // Assigning again keeps the same principal.
    const again = await session.json(["webapp", "identity", "assign", "-g", "rg-webapp", "-n", "azmi-walkthrough"]);
    expect(again.principalId).toBe(principalId);
  }, 180_000);

  it("az webapp identity assign --identities <user-assigned>, then remove it", async () => {
    const uai = await session.json(["identity", "create", "-g", "rg-webapp", "-n", "web-uai"]);
    const both = await session.json(["webapp", "identity", "assign", "-g", "rg-webapp", "-n", "azmi-walkthrough", "--identities", uai.id]);
    expect(both.type).toBe("SystemAssigned, UserAssigned");
    expect(both.principalId).toBe(principalId);
    const entry = Object.entries(both.userAssignedIdentities as Record<string, { principalId: string; clientId: string }>).find(
      ([key]) => key.toLowerCase() === String(uai.id).toLowerCase(),
    );
    expect(entry?.[1]).toEqual({ principalId: uai.principalId, clientId: uai.clientId });

    const systemOnly = await session.json(["webapp", "identity", "remove", "-g", "rg-webapp", "-n", "azmi-walkthrough", "--identities", uai.id]);
    expect(systemOnly).toMatchObject({ type: "SystemAssigned", principalId });
    expect(systemOnly.userAssignedIdentities ?? {}).toEqual({});
  }, 180_000);

  it("az webapp identity remove takes the system-assigned identity away", async () => {
    const removed = await session.run(["webapp", "identity", "remove", "-g", "rg-webapp", "-n", "azmi-walkthrough"]);
    expect(removed.code, removed.stderr).toBe(0);
    const shown = await session.run(["webapp", "identity", "show", "-g", "rg-webapp", "-n", "azmi-walkthrough"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.trim()).toBe("");

    const url = `https://management.azure.com${siteId}/providers/Microsoft.ManagedIdentity/identities/default?api-version=2024-11-30`;
    const identity = await session.run(["rest", "--method", "get", "--url", url]);
    expect(identity.code).not.toBe(0);
    expect(identity.stderr).toContain("ResourceNotFound");

    // Its service principal went with it.
    const sp = await session.run(["ad", "sp", "show", "--id", principalId]);
    expect(sp.code).toBe(3);
  }, 180_000);
});
