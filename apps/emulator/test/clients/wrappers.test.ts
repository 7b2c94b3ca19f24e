/**
 * The `azmi az` / `azmi tf` wrappers: argument splitting, what they learn from a running azmi,
 * and the environments they hand to az and terraform. (The real tools run in e2e.)
 */
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azEnvironment } from "../../src/clients/az-command.js";
import { describeRunningAzmi, splitWrapperArgs, WrapperError, writeTrustBundle } from "../../src/clients/running-azmi.js";
import { mirrorCliConfig, tfEnvironment } from "../../src/clients/tf-command.js";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

describe("splitWrapperArgs", () => {
  it.each([
    [
      ["--port", "5000", "--", "group", "list"],
      ["--port", "5000"],
      ["group", "list"],
    ],
    [["--", "--version"], [], ["--version"]],
    [["group", "list", "--port", "1"], [], ["group", "list", "--port", "1"]],
    [["--port=5000", "--print-env"], ["--port=5000", "--print-env"], []],
    [
      ["--port", "5000", "plan", "-out", "x"],
      ["--port", "5000"],
      ["plan", "-out", "x"],
    ],
  ])("%j → own %j, tool %j", (argv, own, tool) => {
    expect(splitWrapperArgs(argv)).toEqual({ own, tool });
  });
});

describe("a running azmi, as the wrappers see it", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  it("learns tenant, subscription and CA over plain HTTP, and builds the client environments", async () => {
    const info = await describeRunningAzmi({ host: "127.0.0.1", port: azmi.port });
    expect(info).toMatchObject({ hostPort: `127.0.0.1:${azmi.port}`, tenantId: azmi.tenantId, subscriptionId: azmi.subscriptionId, caPem: azmi.caPem });

    const bundle = writeTrustBundle(info);
    expect(readFileSync(bundle, "utf8").startsWith(azmi.caPem.trim())).toBe(true);

    expect(tfEnvironment(info, bundle, "/x/terraform.rc")).toEqual({
      ARM_METADATA_HOSTNAME: `127.0.0.1:${azmi.port}`,
      ARM_CLIENT_ID: info.clientId,
      ARM_CLIENT_SECRET: info.clientSecret,
      ARM_TENANT_ID: azmi.tenantId,
      ARM_SUBSCRIPTION_ID: azmi.subscriptionId,
      ARM_USE_CLI: "false",
      SSL_CERT_FILE: bundle,
      HTTPS_PROXY: `http://127.0.0.1:${azmi.port}`,
      NO_PROXY: "terraform.io,hashicorp.com,opentofu.org,github.com,githubusercontent.com",
      GO_AZURE_SDK_SKIP_POLLING_DELAY: "true",
      TF_CLI_CONFIG_FILE: "/x/terraform.rc",
    });
    expect(azEnvironment(info, "/cfg", bundle)).toMatchObject({
      AZURE_CONFIG_DIR: "/cfg",
      HTTPS_PROXY: `http://127.0.0.1:${azmi.port}`,
      REQUESTS_CA_BUNDLE: bundle,
      NO_PROXY: "",
    });
    rmSync(info.workDir, { recursive: true, force: true });
  });

  it("says clearly when nothing answers", async () => {
    await expect(describeRunningAzmi({ host: "127.0.0.1", port: 1 })).rejects.toThrow(WrapperError);
    await expect(describeRunningAzmi({ host: "127.0.0.1", port: 1 })).rejects.toThrow(/no azmi answered at 127.0.0.1:1/);
  });
});

it("the mirror CLI config takes azurerm from the mirror for both registries and the rest directly", () => {
  const config = mirrorCliConfig("/opt/azmi-tools/plugin-mirror");
  expect(config).toContain('path    = "/opt/azmi-tools/plugin-mirror"');
  expect(config).toMatch(/filesystem_mirror \{[^}]*registry\.terraform\.io\/hashicorp\/azurerm", "registry\.opentofu\.org\/hashicorp\/azurerm/);
  expect(config).toMatch(/direct \{\s*exclude = /);
});
