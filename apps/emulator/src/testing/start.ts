/**
 * `startAzmi()` for users' own tests (vitest, jest, node:test): starts azmi as a child process
 * (`azmi start --in-memory --port 0`, this package's own CLI) on 127.0.0.1 and a random port, and
 * answers everything a client needs to reach it: URLs, the CA file, credentials, and ready-made
 * environments for Terraform, az and the Azure SDKs.
 *
 *   const azmi = await startAzmi();
 *   // terraform: spawn("terraform", ["apply", "-auto-approve"], { env: { ...process.env, ...azmi.env.terraform } })
 *   // az:        spawn("az", [...], { env: { ...process.env, ...azmi.env.az } }) after azmi.loginAz()
 *   // SDK:       new ResourceManagementClient(credential, azmi.subscriptionId, { endpoint: azmi.url, tlsOptions: { ca: azmi.caPem } })
 *   await azmi.stop();
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { azEnvironment } from "../clients/az-command.js";
import { describeRunningAzmi, writeTrustBundle, type RunningAzmiInfo } from "../clients/running-azmi.js";
import { prepareTfEnvironment } from "../clients/tf-command.js";
import { findAz } from "../clients/tool-paths.js";
import { readyPort, stopChild } from "./azmi-process.js";
import { readAzmiResponse, type AzmiResponse } from "./response-body.js";

export type { AzmiResponse } from "./response-body.js";

export interface StartAzmiOptions {
  /** Extra `azmi start` arguments, e.g. ["--auth", "strict"] or ["--subscription", "<guid>"]. */
  readonly args?: readonly string[];
  /** Keep state in this directory (SQLite) instead of in memory. */
  readonly dataDir?: string;
  /**
   * Keep state in this PostgreSQL database (`postgres://user:password@host:port/db`): every azmi
   * started on the same database is a replica of one emulator (see startBalancer).
   */
  readonly store?: string;
  /** Milliseconds to wait for the ready line (default 30 s). */
  readonly startTimeoutMs?: number;
}

export interface AzmiClientEnvironments {
  /** ARM_METADATA_HOSTNAME, ARM_CLIENT_ID/SECRET, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, SSL_CERT_FILE, GO_AZURE_SDK_SKIP_POLLING_DELAY, TF_CLI_CONFIG_FILE (when a local mirror exists). */
  readonly terraform: Readonly<Record<string, string>>;
  /** HTTPS_PROXY, REQUESTS_CA_BUNDLE and an isolated AZURE_CONFIG_DIR: call loginAz() once before az commands. */
  readonly az: Readonly<Record<string, string>>;
  /** AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST, AZURE_SUBSCRIPTION_ID, NODE_EXTRA_CA_CERTS. */
  readonly sdk: Readonly<Record<string, string>>;
}

export interface RunningTestAzmi {
  /** https://127.0.0.1:{port}: ARM, login and Graph, directly. */
  readonly url: string;
  /** http://127.0.0.1:{port}: the forward proxy for management.azure.com, login.microsoftonline.com, graph.microsoft.com. */
  readonly proxyUrl: string;
  readonly port: number;
  /** The azmi process (e.g. to kill it the hard way in a fault test). */
  readonly pid: number;
  /** azmi's CA certificate (PEM) and a file holding it. */
  readonly caPem: string;
  readonly caFile: string;
  /** azmi's CA plus the system bundle. */
  readonly caBundleFile: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  /** The client credentials the environments use (strict mode's operator by default). */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly env: AzmiClientEnvironments;
  /** A bearer token for ARM (or another resource, e.g. https://graph.microsoft.com). */
  token(resource?: string): Promise<string>;
  /** An authenticated request to azmi (path like "/subscriptions?api-version=2022-12-01" or "/v1.0/servicePrincipals"). */
  request(method: string, path: string, body?: unknown): Promise<AzmiResponse>;
  /**
   * IDENTITY_ENDPOINT, IDENTITY_HEADER, MSI_*, AZURE_POD_IDENTITY_AUTHORITY_HOST: with these in its
   * environment, code using ManagedIdentityCredential / DefaultAzureCredential runs as that
   * resource's managed identity (a web app's system identity, or a user-assigned one it carries).
   */
  identityEnvironment(resourceId: string): Promise<Record<string, string>>;
  /** `az login --service-principal` into env.az's AZURE_CONFIG_DIR (needs an az CLI). */
  loginAz(az?: string): Promise<void>;
  /** Wipes all state (POST /_azmi/reset). */
  reset(): Promise<void>;
  /** Everything azmi printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL("../cli.js", import.meta.url));

let current: RunningTestAzmi | undefined;

/** The azmi the last startAzmi() started (what the expect* assertions query by default). */
export function currentAzmi(): RunningTestAzmi {
  if (current === undefined) throw new Error("no azmi is running: call startAzmi() first (or pass one to the assertion)");
  return current;
}

export async function startAzmi(options: StartAzmiOptions = {}): Promise<RunningTestAzmi> {
  if (options.store !== undefined && options.dataDir !== undefined) throw new Error("startAzmi: give dataDir or store, not both");
  const storage = options.store !== undefined ? ["--store", options.store] : options.dataDir === undefined ? ["--in-memory"] : ["--data-dir", options.dataDir];
  const child = spawn(process.execPath, [CLI, "start", ...storage, "--host", "127.0.0.1", "--port", "0", ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  let port: number;
  try {
    port = await readyPort(child, () => output, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  let info: RunningAzmiInfo;
  try {
    // Strict mode's operator, when the test chose its own, is who the client environments log in as.
    const argOf = (name: string) => {
      const at = options.args?.indexOf(name) ?? -1;
      return at === -1 ? undefined : options.args![at + 1];
    };
    info = await describeRunningAzmi({ host: "127.0.0.1", port }, { clientId: argOf("--operator-client-id"), clientSecret: argOf("--operator-client-secret") });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const dir = mkdtempSync(join(tmpdir(), "azmi-test-"));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, info.caPem);
  const caBundleFile = writeTrustBundle(info);
  const azConfigDir = join(dir, "azure-config");
  mkdirSync(azConfigDir);

  const tokens = new Map<string, { token: string; until: number }>();
  const token = async (resource = "https://management.azure.com") => {
    const cached = tokens.get(resource);
    if (cached !== undefined && cached.until > Date.now() + 60_000) return cached.token;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: info.clientId,
      client_secret: info.clientSecret,
      scope: `${resource.replace(/\/+$/, "")}/.default`,
    });
    const response = await fetch(`${info.proxyUrl}/${info.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form });
    const body = (await response.json()) as { access_token?: string; expires_in?: number | string };
    if (!response.ok || body.access_token === undefined) throw new Error(`azmi's token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
    tokens.set(resource, { token: body.access_token, until: Date.now() + Number(body.expires_in ?? 3600) * 1000 });
    return body.access_token;
  };

  const instance: RunningTestAzmi = {
    url: info.httpsUrl,
    proxyUrl: info.proxyUrl,
    port,
    pid: child.pid!,
    caPem: info.caPem,
    caFile,
    caBundleFile,
    tenantId: info.tenantId,
    subscriptionId: info.subscriptionId,
    clientId: info.clientId,
    clientSecret: info.clientSecret,
    env: {
      terraform: prepareTfEnvironment(info),
      az: azEnvironment(info, azConfigDir, caBundleFile),
      sdk: {
        AZURE_TENANT_ID: info.tenantId,
        AZURE_CLIENT_ID: info.clientId,
        AZURE_CLIENT_SECRET: info.clientSecret,
        AZURE_AUTHORITY_HOST: info.httpsUrl,
        AZURE_SUBSCRIPTION_ID: info.subscriptionId,
        NODE_EXTRA_CA_CERTS: caFile,
      },
    },
    token,
    async request(method, path, body) {
      // Plain HTTP on the same port: no trust to set up in the test process.
      const resource = /^\/(v1\.0|beta)\//i.test(path) ? "https://graph.microsoft.com" : "https://management.azure.com";
      const headers: Record<string, string> = { authorization: `Bearer ${await token(resource)}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${info.proxyUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return readAzmiResponse(response);
    },
    async identityEnvironment(resourceId) {
      const response = await fetch(`${info.proxyUrl}/_azmi/identity-endpoint?resource=${encodeURIComponent(resourceId)}`);
      if (!response.ok) throw new Error(`azmi has no managed-identity endpoint for ${resourceId} (${response.status}: ${await response.text()})`);
      return (await response.json()) as Record<string, string>;
    },
    async loginAz(az = findAz()) {
      if (az === undefined) throw new Error("no az CLI found (set AZMI_AZ)");
      const login = spawnSync(az, ["login", "--service-principal", "-u", info.clientId, "-p", info.clientSecret, "--tenant", info.tenantId, "-o", "none"], {
        env: { ...process.env, ...instance.env.az },
        encoding: "utf8",
        timeout: 120_000,
      });
      if (login.status !== 0) throw new Error(`az login against azmi failed (exit ${login.status}): ${login.stderr}`);
    },
    async reset() {
      const response = await fetch(`${info.proxyUrl}/_azmi/reset`, { method: "POST", headers: { "content-type": "application/json" } });
      if (!response.ok) throw new Error(`POST /_azmi/reset answered ${response.status}`);
    },
    output: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
      rmSync(info.workDir, { recursive: true, force: true });
      if (current === instance) current = undefined;
    },
  };
  current = instance;
  return instance;
}
