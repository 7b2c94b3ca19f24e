/**
 * The Azure SDK for Java against a freshly started azmi (scenarios/java-sdk, one runnable jar):
 * azure-identity's ClientSecretCredential driving azure-resourcemanager-resources, -msi and
 * -authorization (group, identity, federated credential, role assignment, each listed back), then
 * ManagedIdentityCredential as a web app's system-assigned identity through the App Service
 * environment azmi gives the app. Java trusts azmi's CA through a truststore made here with
 * keytool (-Djavax.net.ssl.trustStore). Each identity runs in its own JVM (the SDK's
 * managed-identity token cache is process-wide). Skipped, with the reason, where java or mvn is
 * missing or Maven Central cannot be reached.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { javaSdk } from "../src/java-sdk.js";
import { armModeEnvironment, createWebApp, expectArmWalkthrough, expectWebAppToken } from "../src/sdk-walkthrough.js";
import { scenarioSteps } from "../src/steps.js";

const sdk = javaSdk();
const skipReason = "skip" in sdk ? sdk.skip : undefined;

describe("Azure SDK for Java (azure-identity, azure-resourcemanager)", () => {
  let azmi: RunningTestAzmi;
  let trust: string;
  const { step } = scenarioSteps(skipReason);

  beforeAll(async () => {
    if (skipReason !== undefined) return;
    azmi = await startAzmi();
    // A Java truststore replaces the JDK's own CA list: azmi's CA is all this program talks to.
    trust = mkdtempSync(join(tmpdir(), "azmi-java-"));
    const made = spawnSync(
      "keytool",
      [
        "-importcert",
        "-noprompt",
        "-alias",
        "azmi",
        "-file",
        azmi.caFile,
        "-keystore",
        join(trust, "azmi.p12"),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    if (made.status !== 0) throw new Error(`keytool -importcert of azmi's CA failed (${made.status}): ${made.stderr}${made.error?.message ?? ""}`);
  });
  afterAll(async () => {
    await azmi?.stop();
    if (trust !== undefined) rmSync(trust, { recursive: true, force: true });
  });

  function run(mode: string, env: Record<string, string>): Record<string, any> {
    const { java, jar } = sdk as { java: string; jar: string };
    const result = spawnSync(
      java,
      [
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        `-Djavax.net.ssl.trustStore=${join(trust, "azmi.p12")}`,
        "-Djavax.net.ssl.trustStorePassword=changeit",
        "-jar",
        jar,
        mode,
      ],
      // Only what the scenario needs: no AZURE_* from the calling shell.
      { encoding: "utf8", timeout: 180_000, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } },
    );
    if (result.status !== 0) throw new Error(`java -jar azmi-java-sdk.jar ${mode} failed (${result.status ?? result.signal}):\n${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").pop()!);
  }

  step("ClientSecretCredential: group, identity, federated credential, role assignment, listed back", async () => {
    await expectArmWalkthrough(run("arm", armModeEnvironment(azmi)), azmi, "java");
  });

  step("ManagedIdentityCredential as a web app's system-assigned identity (App Service protocol)", async () => {
    const site = await createWebApp(azmi, "java");
    expectWebAppToken(run("token", await azmi.identityEnvironment(site.id)), site, azmi);
  });
});
