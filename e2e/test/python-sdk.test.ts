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
import { afterAll, beforeAll, describe } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { PYTHON_SCENARIO, pythonSdk } from "../src/python-sdk.js";
import { armModeEnvironment, createWebApp, expectArmWalkthrough, expectWebAppToken, type WebApp } from "../src/sdk-walkthrough.js";
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
    await expectArmWalkthrough(run("arm", armModeEnvironment(azmi)), azmi, "py");
  });

  let site: WebApp | undefined;
  const expectSiteToken = (out: Record<string, any>) => expectWebAppToken(out, site!, azmi);

  step("ManagedIdentityCredential as a web app's system-assigned identity (App Service protocol)", async () => {
    site = await createWebApp(azmi, "py");
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
