/**
 * The Azure SDK for Go against a freshly started azmi (scenarios/go-sdk/main.go): azidentity's
 * ClientSecretCredential driving armresources, armmsi and armauthorization (group, identity,
 * federated credential, role assignment, each listed back), then ManagedIdentityCredential as a
 * web app's system-assigned identity through the App Service environment azmi gives the app.
 * Go's managed-identity token cache is process-wide, so each identity runs in its own process.
 * Skipped, with the reason, where go or the module proxy is not to be had.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { goSdk } from "../src/go-sdk.js";
import { armModeEnvironment, createWebApp, expectArmWalkthrough, expectWebAppToken } from "../src/sdk-walkthrough.js";
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
    await expectArmWalkthrough(run("arm", armModeEnvironment(azmi)), azmi, "go");
  });

  step("ManagedIdentityCredential as a web app's system-assigned identity (App Service protocol)", async () => {
    const site = await createWebApp(azmi, "go");
    expectWebAppToken(run("token", await azmi.identityEnvironment(site.id)), site, azmi);
  });
});
