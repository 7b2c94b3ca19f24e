/**
 * `azmi tf [--port N] [--host H] [--client-id ID --client-secret S] [--print-env] -- <terraform args>`:
 * runs terraform (or OpenTofu) with the azurerm provider pointed at a running azmi. The
 * provider reaches azmi directly, not through the proxy: ARM_METADATA_HOSTNAME is azmi's
 * host:port (the provider hard-codes https), and the metadata document azmi serves there names
 * https://host:port as login endpoint, ARM and Graph. Go reads trust from SSL_CERT_FILE, so that
 * file holds azmi's CA plus the system bundle (init still verifies registry downloads). When the
 * e2e provisioning built the provider, TF_CLI_CONFIG_FILE installs it from that mirror, offline.
 * Data planes are another matter: azurerm reaches a vault at the vaultUri ARM answers
 * (https://{vault}.vault.azure.net), a name only azmi's proxy serves, so HTTPS_PROXY points at
 * it. Go never proxies loopback, so ARM still goes direct; NO_PROXY keeps the public provider
 * registries and their download hosts off the proxy (azmi refuses hosts it does not emulate).
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeRunningAzmi, endpointFrom, WrapperError, writeTrustBundle, type RunningAzmiInfo } from "./running-azmi.js";
import { findPluginMirror, findTerraform } from "./tool-paths.js";
import { parseWrapperArgs, printEnvExports, runTool } from "./wrapper-command.js";

export const TF_USAGE = `usage: azmi tf [--port 4566] [--host 127.0.0.1] [--client-id ID --client-secret SECRET] [--print-env] -- <terraform arguments>

Runs terraform or tofu (AZMI_TF, else terraform on PATH, else tofu) with the azurerm provider
pointed at the azmi on that port: ARM_METADATA_HOSTNAME, ARM_CLIENT_ID, ARM_CLIENT_SECRET,
ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, SSL_CERT_FILE (azmi's CA + the system bundle),
HTTPS_PROXY (azmi, for data planes such as https://{vault}.vault.azure.net) with NO_PROXY
naming the public provider registries (add a private registry's host to it yourself),
GO_AZURE_SDK_SKIP_POLLING_DELAY (no wait between polls of operations azmi already finished) and,
when the provider was provisioned locally, TF_CLI_CONFIG_FILE (a filesystem mirror).
  pnpm azmi tf -- init
  pnpm azmi tf -- apply -auto-approve
--print-env prints the environment as shell exports instead of running terraform:
  eval "$(pnpm --silent azmi tf --print-env)" && terraform plan`;

/** A CLI config that installs hashicorp/azurerm from the mirror and every other provider as usual. */
export function mirrorCliConfig(mirror: string): string {
  const azurerm = `["registry.terraform.io/hashicorp/azurerm", "registry.opentofu.org/hashicorp/azurerm"]`;
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ${azurerm}
  }
  direct {
    exclude = ${azurerm}
  }
}
`;
}

/** Hosts terraform init downloads providers from, which must not go through azmi's proxy (suffix match). */
export const REGISTRY_HOSTS = ["terraform.io", "hashicorp.com", "opentofu.org", "github.com", "githubusercontent.com"];

export function tfEnvironment(info: RunningAzmiInfo, bundle: string, cliConfigFile: string | undefined): Record<string, string> {
  return {
    ARM_METADATA_HOSTNAME: info.hostPort,
    ARM_CLIENT_ID: info.clientId,
    ARM_CLIENT_SECRET: info.clientSecret,
    ARM_TENANT_ID: info.tenantId,
    ARM_SUBSCRIPTION_ID: info.subscriptionId,
    // A client secret is there: never fall back to the user's az login.
    ARM_USE_CLI: "false",
    SSL_CERT_FILE: bundle,
    HTTPS_PROXY: info.proxyUrl,
    NO_PROXY: REGISTRY_HOSTS.join(","),
    // azmi answers every operation already finished: the SDK under azurerm (go-azure-sdk) may poll
    // it at once instead of waiting 5–10 s between polls (its own switch, made for replayed tests).
    GO_AZURE_SDK_SKIP_POLLING_DELAY: "true",
    ...(cliConfigFile === undefined ? {} : { TF_CLI_CONFIG_FILE: cliConfigFile }),
  };
}

/** The environment for terraform against this azmi (shared by `azmi tf` and the testing kit). */
export function prepareTfEnvironment(info: RunningAzmiInfo): Record<string, string> {
  const mirror = findPluginMirror();
  let cliConfig: string | undefined;
  // A user's own CLI config wins (it may already say where providers come from), if it exists.
  const own = process.env.TF_CLI_CONFIG_FILE;
  if (mirror !== undefined && (own === undefined || own === "" || !existsSync(own))) {
    cliConfig = join(info.workDir, "terraform.rc");
    writeFileSync(cliConfig, mirrorCliConfig(mirror));
  }
  return tfEnvironment(info, writeTrustBundle(info), cliConfig);
}

export async function runTfCommand(argv: readonly string[]): Promise<number> {
  const { values, tool } = parseWrapperArgs(argv);
  if (values.help) {
    process.stdout.write(`${TF_USAGE}\n`);
    return 0;
  }
  const info = await describeRunningAzmi(endpointFrom(values), { clientId: values["client-id"], clientSecret: values["client-secret"] });
  const extra = prepareTfEnvironment(info);
  if (values["print-env"]) {
    printEnvExports(extra);
    return 0;
  }
  const terraform = findTerraform();
  if (terraform === undefined)
    throw new WrapperError("no terraform or tofu found: put one on PATH or set AZMI_TF (`pnpm e2e:tools --provision` builds OpenTofu)");
  return runTool(terraform, tool, { ...process.env, ...extra });
}
