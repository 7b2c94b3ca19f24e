/**
 * The Azure SDK for Go against a freshly started azmi (scenarios/go-sdk/main.go): azidentity's
 * ClientSecretCredential driving armresources, armmsi and armauthorization (group, identity,
 * federated credential, role assignment, each listed back), then ManagedIdentityCredential as a
 * web app's system-assigned identity through the App Service environment azmi gives the app.
 * Go's managed-identity token cache is process-wide, so each identity runs in its own process.
 * Skipped, with the reason, where go or the module proxy is not to be had.
 */
import { spawnSync } from "node:child_process";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { expectIdentity, expectRoleAssignment, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { goSdk } from "../src/go-sdk.js";
import { scenarioSteps } from "../src/steps.js";

const sdk = goSdk();
const skipReason = "skip" in sdk ? sdk.skip : undefined;

describe("Azure SDK for Go (azidentity, arm*)", () => {
  let azmi: RunningTestAzmi;
  const { step } = scenarioSteps(skipReason);

  beforeAll(async () => {
    if (skipReason === undefined) azmi = await startAzmi();
  });
  afterAll(async () => {
    await azmi?.stop();
  });

  function run(mode: string, env: Record<string, string>): Record<string, any> {
    const result = spawnSync((sdk as { binary: string }).binary, [mode], {
      encoding: "utf8",
      timeout: 120_000,
      // Only what the scenario needs; Go trusts azmi's CA through SSL_CERT_FILE.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", SSL_CERT_FILE: azmi.caBundleFile, ...env },
    });
    if (result.status !== 0) throw new Error(`gosdk ${mode} failed (${result.status}):\n${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").pop()!);
  }

  step("ClientSecretCredential: group, identity, federated credential, role assignment, listed back", async () => {
    const out = run("arm", {
      AZMI_URL: azmi.url,
      AZMI_SUBSCRIPTION_ID: azmi.subscriptionId,
      AZMI_TENANT_ID: azmi.tenantId,
      AZMI_CLIENT_ID: azmi.clientId,
      AZMI_CLIENT_SECRET: azmi.clientSecret,
    });
    expect(out.group).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/go-rg`);
    expect(out.identities).toEqual(["go-id"]);
    expect(out.credentials).toEqual(["github"]);
    expect(await expectIdentity(out.identity.id, azmi)).toMatchObject({ principalId: out.identity.principalId, clientId: out.identity.clientId });
    expect(out.assignment).toEqual({ scope: out.group, principalId: out.identity.principalId });
    expect(out.assignments).toContain(out.identity.principalId);
    await expectRoleAssignment({ principalId: out.identity.principalId, role: "Reader", scope: out.group }, azmi);
  });

  step("ManagedIdentityCredential as a web app's system-assigned identity (App Service protocol)", async () => {
    const credential = new ClientSecretCredential(azmi.tenantId, azmi.clientId, azmi.clientSecret, {
      authorityHost: azmi.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: azmi.caPem },
    });
    const web = new WebSiteManagementClient(credential, azmi.subscriptionId, {
      endpoint: azmi.url,
      tlsOptions: { ca: azmi.caPem },
      retryOptions: { maxRetries: 0 },
    });
    const plan = await web.appServicePlans.beginCreateOrUpdateAndWait("go-rg", "go-plan", {
      location: "westeurope",
      kind: "linux",
      reserved: true,
      sku: { name: "B1" },
    });
    const site = await web.webApps.beginCreateOrUpdateAndWait("go-rg", "go-web", {
      location: "westeurope",
      serverFarmId: plan.id,
      identity: { type: "SystemAssigned" },
    });
    const out = run("token", await azmi.identityEnvironment(site.id!));
    expect(out.oid).toBe(site.identity!.principalId);
    expect(out.tid).toBe(azmi.tenantId);
    expect(out.aud).toBe("https://management.azure.com");
    expect(out.xms_mirid.toLowerCase()).toBe(site.id!.toLowerCase());
    expect(out.expiresOn).toBeGreaterThan(Date.now() / 1000);
  });
});
