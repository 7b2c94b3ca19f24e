/**
 * The real az CLI through azmi's forward proxy, as a user sets it up:
 * HTTPS_PROXY=http://127.0.0.1:<port>, REQUESTS_CA_BUNDLE=<ca.pem>, default AzureCloud.
 * Skipped when az is not installed (.ci/run installs it).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAz } from "../support/az.js";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

const run = promisify(execFile);
const azPath = findAz();

describe.skipIf(azPath === undefined)("az CLI through the proxy", () => {
  let azmi: TestAzmi;
  let configDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    azmi = await startTestAzmi({ dataDir: undefined });
    configDir = mkdtempSync(join(tmpdir(), "azmi-az-"));
    env = {
      ...process.env,
      HTTPS_PROXY: azmi.proxyUrl,
      HTTP_PROXY: azmi.proxyUrl,
      NO_PROXY: "",
      REQUESTS_CA_BUNDLE: azmi.caFile,
      AZURE_CONFIG_DIR: configDir,
      AZURE_CORE_COLLECT_TELEMETRY: "0",
      AZURE_CORE_NO_COLOR: "1",
    };
  });
  afterAll(async () => {
    await azmi.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  const az = async (...args: string[]) => {
    const { stdout } = await run(azPath!, [...args, "--output", "json"], { env, timeout: 120_000 });
    return JSON.parse(stdout) as any;
  };

  it("logs in with a service principal and lists the subscription", { timeout: 240_000 }, async () => {
    const accounts = await az("login", "--service-principal", "-u", "any-app", "-p", "any-pass", "--tenant", azmi.tenantId);
    expect(accounts).toEqual([
      expect.objectContaining({ id: azmi.subscriptionId, tenantId: azmi.tenantId, state: "Enabled", user: { name: "any-app", type: "servicePrincipal" } }),
    ]);
    const token = await az("account", "get-access-token");
    const claims = JSON.parse(Buffer.from(String(token.accessToken).split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ appid: "any-app", tid: azmi.tenantId, aud: "https://management.core.windows.net/" });
  });
});
