/**
 * The Azure SDK for Python against a freshly started azmi (scenarios/python-sdk/walkthrough.py):
 * ClientSecretCredential driving azure-mgmt-resource, azure-mgmt-msi and azure-mgmt-authorization
 * (group, identity, federated credential, role assignment, each listed back), then
 * ManagedIdentityCredential as a web app's system-assigned identity through each protocol azmi gives
 * the app (App Service 2019, IMDS, the 2017 MSI_ENDPOINT/MSI_SECRET one), its token's claims checked
 * against the identity.
 * Skipped, with the reason, where python3 or PyPI is not to be had.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { expectIdentity, expectRoleAssignment, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { PYTHON_SCENARIO, pythonSdk } from "../src/python-sdk.js";
import { scenarioSteps } from "../src/steps.js";

const sdk = pythonSdk();
const skipReason = "skip" in sdk ? sdk.skip : undefined;

describe("Azure SDK for Python (azure-identity, azure-mgmt-*)", () => {
  let azmi: RunningTestAzmi;
  const { step } = scenarioSteps(skipReason);

  beforeAll(async () => {
    if (skipReason === undefined) azmi = await startAzmi();
  });
  afterAll(async () => {
    await azmi?.stop();
  });

  function run(mode: string, env: Record<string, string>): Record<string, any> {
    const result = spawnSync((sdk as { python: string }).python, [join(PYTHON_SCENARIO, "walkthrough.py"), mode], {
      encoding: "utf8",
      timeout: 120_000,
      // Only what the scenario needs, plus azmi's CA for requests (azure-core and MSAL).
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", REQUESTS_CA_BUNDLE: azmi.caBundleFile, ...env },
    });
    if (result.status !== 0) throw new Error(`walkthrough.py ${mode} failed (${result.status}):\n${result.stderr}`);
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
    expect(out.group).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/py-rg`);
    expect(out.identities).toEqual(["py-id"]);
    expect(out.credentials).toEqual(["github"]);
    expect(await expectIdentity(out.identity.id, azmi)).toMatchObject({ principalId: out.identity.principalId, clientId: out.identity.clientId });
    expect(out.assignment).toEqual({ scope: out.group, principalId: out.identity.principalId });
    expect(out.assignments).toContain(out.identity.principalId);
    await expectRoleAssignment({ principalId: out.identity.principalId, role: "Reader", scope: out.group }, azmi);
  });

  let site: { id: string; principalId: string } | undefined;
  const expectSiteToken = (out: Record<string, any>) => {
    expect(out.oid).toBe(site!.principalId);
    expect(out.tid).toBe(azmi.tenantId);
    expect(out.aud).toBe("https://management.azure.com");
    expect(out.xms_mirid.toLowerCase()).toBe(site!.id.toLowerCase());
    expect(Number.isInteger(out.expiresOn)).toBe(true);
  };

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
    const plan = await web.appServicePlans.beginCreateOrUpdateAndWait("py-rg", "py-plan", {
      location: "westeurope",
      kind: "linux",
      reserved: true,
      sku: { name: "B1" },
    });
    const made = await web.webApps.beginCreateOrUpdateAndWait("py-rg", "py-web", {
      location: "westeurope",
      serverFarmId: plan.id,
      identity: { type: "SystemAssigned" },
    });
    site = { id: made.id!, principalId: made.identity!.principalId! };
    const environment = await azmi.identityEnvironment(site.id);
    expectSiteToken(run("token", { IDENTITY_ENDPOINT: environment.IDENTITY_ENDPOINT!, IDENTITY_HEADER: environment.IDENTITY_HEADER! }));
  });

  step("ManagedIdentityCredential through the IMDS protocol (AZURE_POD_IDENTITY_AUTHORITY_HOST)", async () => {
    const environment = await azmi.identityEnvironment(site!.id);
    expectSiteToken(run("token", { AZURE_POD_IDENTITY_AUTHORITY_HOST: environment.AZURE_POD_IDENTITY_AUTHORITY_HOST! }));
  });

  step("ManagedIdentityCredential through the 2017 protocol (MSI_ENDPOINT + MSI_SECRET only): expires_on read as epoch seconds", async () => {
    const environment = await azmi.identityEnvironment(site!.id);
    expectSiteToken(run("token", { MSI_ENDPOINT: environment.MSI_ENDPOINT!, MSI_SECRET: environment.MSI_SECRET! }));
  });
});
