/**
 * `azmi az [--port N] [--host H] [--client-id ID --client-secret S] [--print-env] -- <az args>`:
 * runs the real az CLI against a running azmi. az keeps using the public cloud's host names and
 * reaches azmi as its HTTPS proxy (HTTPS_PROXY, trusting azmi's CA through REQUESTS_CA_BUNDLE),
 * so any az version works unchanged. It runs with its own AZURE_CONFIG_DIR, logged in as a
 * service principal the first time (and again when azmi was restarted with a new CA): the
 * user's ~/.azure is never read nor written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeRunningAzmi, endpointFrom, WrapperError, writeTrustBundle, type RunningAzmiInfo } from "./running-azmi.js";
import { findAz } from "./tool-paths.js";
import { parseWrapperArgs, printEnvExports, runTool } from "./wrapper-command.js";

export const AZ_USAGE = `usage: azmi az [--port 4566] [--host 127.0.0.1] [--client-id ID --client-secret SECRET] [--print-env] -- <az arguments>

Runs az (AZMI_AZ, else the newest provisioned az, else /usr/bin/az, else az on PATH) against the
azmi on that port, through its proxy, with an isolated AZURE_CONFIG_DIR (AZMI_AZ_CONFIG_DIR or a
temp dir per port), logged in as a service principal. ~/.azure is left alone.
  pnpm azmi az -- group create -n rg -l westeurope
  pnpm azmi az -- identity create -g rg -n id1
--print-env prints the environment as shell exports instead of running az.`;

interface SessionMarker {
  readonly caFingerprint: string;
  readonly clientId: string;
  readonly tenantId: string;
}

export function azEnvironment(info: RunningAzmiInfo, configDir: string, bundle: string): Record<string, string> {
  return {
    AZURE_CONFIG_DIR: configDir,
    HTTPS_PROXY: info.proxyUrl,
    https_proxy: info.proxyUrl,
    HTTP_PROXY: info.proxyUrl,
    http_proxy: info.proxyUrl,
    // A NO_PROXY that names Azure's hosts would send az around azmi, to the real cloud.
    NO_PROXY: "",
    no_proxy: "",
    REQUESTS_CA_BUNDLE: bundle,
    AZURE_CORE_COLLECT_TELEMETRY: "false",
    AZURE_CORE_SURVEY_MESSAGE: "false",
  };
}

function loginIfNeeded(az: string, info: RunningAzmiInfo, env: NodeJS.ProcessEnv, configDir: string): void {
  const markerFile = join(configDir, "azmi-session.json");
  const wanted: SessionMarker = { caFingerprint: info.caFingerprint, clientId: info.clientId, tenantId: info.tenantId };
  if (existsSync(markerFile) && existsSync(join(configDir, "azureProfile.json"))) {
    const marker = JSON.parse(readFileSync(markerFile, "utf8")) as SessionMarker;
    if (marker.caFingerprint === wanted.caFingerprint && marker.clientId === wanted.clientId && marker.tenantId === wanted.tenantId) return;
  }
  const login = spawnSync(az, ["login", "--service-principal", "-u", info.clientId, "-p", info.clientSecret, "--tenant", info.tenantId, "-o", "none"], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (login.status !== 0) throw new WrapperError(`az login against azmi failed (exit ${login.status}):\n${login.stderr ?? ""}${login.error?.message ?? ""}`);
  const account = spawnSync(az, ["account", "set", "--subscription", info.subscriptionId], { env, encoding: "utf8", timeout: 60_000 });
  if (account.status !== 0) throw new WrapperError(`az account set --subscription ${info.subscriptionId} failed:\n${account.stderr}`);
  writeFileSync(markerFile, JSON.stringify(wanted));
  process.stderr.write(`azmi: az logged in to azmi at ${info.hostPort} as ${info.clientId} (AZURE_CONFIG_DIR=${configDir})\n`);
}

/** Returns the exit code (az's own, when it ran). */
export async function runAzCommand(argv: readonly string[]): Promise<number> {
  const { values, tool } = parseWrapperArgs(argv);
  if (values.help) {
    process.stdout.write(`${AZ_USAGE}\n`);
    return 0;
  }
  const az = findAz();
  if (az === undefined)
    throw new WrapperError("no az CLI found: install azure-cli (apt or pip), or set AZMI_AZ to its path (`pnpm e2e:tools --provision` installs both versions)");
  const info = await describeRunningAzmi(endpointFrom(values), { clientId: values["client-id"], clientSecret: values["client-secret"] });
  const configDir = process.env.AZMI_AZ_CONFIG_DIR ?? join(info.workDir, "azure-config");
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const extra = azEnvironment(info, configDir, writeTrustBundle(info));
  const env = { ...process.env, ...extra };
  loginIfNeeded(az, info, env, configDir);
  if (values["print-env"]) {
    printEnvExports(extra);
    return 0;
  }
  return runTool(az, tool, env);
}
