/**
 * Running the real az CLI against azmi, for tests. azmi runs as a child process (the built
 * `dist/cli.js start --in-memory` on a random port), and az reaches it the way users set it
 * up: through the forward proxy (HTTPS_PROXY) trusting azmi's CA (REQUESTS_CA_BUNDLE), with
 * its own AZURE_CONFIG_DIR so the user's ~/.azure is never touched.
 *
 *   const az = findAz();                       // src/clients/tool-paths.ts; undefined when az is not installed
 *   describe.skipIf(!az)(...)                  // and say why: see skipReasonForAz()
 *   const emulator = await startAzmiProcess();
 *   const session = await createAzSession(az!, emulator);
 *   await session.login();                     // service principal "any"/"any" in azmi's tenant
 *   const group = await session.json(["group", "create", "-n", "rg", "-l", "westeurope"]);
 *   const missing = await session.run(["group", "show", "-n", "nope"]);  // missing.code === 3
 *   await session.dispose(); await emulator.stop();
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { readyPort, stopChild } from "../../src/testing/azmi-process.js";

const here = dirname(fileURLToPath(import.meta.url));
export const CLI_PATH = join(here, "..", "..", "dist", "cli.js");
export const DEFAULT_TENANT = "00000000-0000-0000-0000-000000000000";

import { findAz as findAzBy } from "../../src/clients/tool-paths.js";

/**
 * The az suites were written against Debian's az 2.45 and run on it first; the e2e table runs both
 * versions. A suite that needs a command Debian's build breaks in its own code asks for the newest.
 */
export const findAz = (prefer: "newest" | "debian" = "debian"): string | undefined => findAzBy(prefer);

/** Why az tests cannot run here, for a loud skip message; undefined when they can. */
export function skipReasonForAz(az: string | undefined): string | undefined {
  if (az === undefined) return "az CLI not found (install Debian's azure-cli or pip's azure-cli, or set AZMI_AZ)";
  if (!existsSync(CLI_PATH)) return `azmi is not built (${CLI_PATH} missing): run \`npx tsc -b\` in apps/emulator`;
  return undefined;
}

export interface AzmiProcess {
  readonly port: number;
  /** http://127.0.0.1:{port}: give it to HTTPS_PROXY. */
  readonly proxyUrl: string;
  /** A file holding azmi's CA certificate, from GET /_azmi/ca.pem. */
  readonly caFile: string;
  /** Everything azmi printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node dist/cli.js start --in-memory --port 0` and waits for its ready line. */
export async function startAzmiProcess(extraArgs: readonly string[] = []): Promise<AzmiProcess> {
  const child = spawn(process.execPath, [CLI_PATH, "start", "--in-memory", "--host", "127.0.0.1", "--port", "0", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const port = await readyPort(child, () => output, 20_000);
  const dir = mkdtempSync(join(tmpdir(), "azmi-az-ca-"));
  const caFile = join(dir, "ca.pem");
  const ca = await fetch(`http://127.0.0.1:${port}/_azmi/ca.pem`);
  if (!ca.ok) throw new Error(`GET /_azmi/ca.pem answered ${ca.status}`);
  writeFileSync(caFile, await ca.text());
  return {
    port,
    proxyUrl: `http://127.0.0.1:${port}`,
    caFile,
    output: () => output,
    stop: () => stopChild(child).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}

export interface AzResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AzSession {
  /** The isolated AZURE_CONFIG_DIR. */
  readonly configDir: string;
  /** The environment az runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `az <args> -o json` (add --only-show-errors yourself where warnings matter). */
  run(args: readonly string[]): Promise<AzResult>;
  /** Runs az, fails with its stderr unless it exits 0, and parses stdout as JSON (undefined when empty). */
  json<T = any>(args: readonly string[]): Promise<T>;
  /** `az login --service-principal -u any -p any --tenant <tenant>`; answers the accounts it printed. */
  login(tenant?: string): Promise<Array<Record<string, unknown>>>;
  dispose(): Promise<void>;
}

export async function createAzSession(az: string, emulator: Pick<AzmiProcess, "proxyUrl" | "caFile">): Promise<AzSession> {
  const configDir = mkdtempSync(join(tmpdir(), "azmi-azure-config-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    HTTPS_PROXY: emulator.proxyUrl,
    https_proxy: emulator.proxyUrl,
    HTTP_PROXY: emulator.proxyUrl,
    http_proxy: emulator.proxyUrl,
    NO_PROXY: "",
    no_proxy: "",
    REQUESTS_CA_BUNDLE: emulator.caFile,
    AZURE_CONFIG_DIR: configDir,
    AZURE_CORE_COLLECT_TELEMETRY: "false",
    AZURE_CORE_NO_COLOR: "true",
    AZURE_CORE_SURVEY_MESSAGE: "false",
    AZURE_CORE_ONLY_SHOW_ERRORS: "true",
  };
  const run = (args: readonly string[]) =>
    new Promise<AzResult>((resolve, reject) => {
      const child = spawn(az, [...args, "-o", "json"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.once("error", reject);
      child.once("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  const json = async (args: readonly string[]) => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`az ${args.join(" ")} exited ${result.code}:\n${result.stderr}`);
    return result.stdout.trim() === "" ? undefined : JSON.parse(result.stdout);
  };
  return {
    configDir,
    env,
    run,
    json,
    login: (tenant = DEFAULT_TENANT) => json(["login", "--service-principal", "-u", "any", "-p", "any", "--tenant", tenant]),
    dispose: async () => rmSync(configDir, { recursive: true, force: true }),
  };
}

/** An azmi process and an az session logged in through its proxy, once the suite's beforeAll has run. */
export interface LoggedInAz {
  readonly emulator: AzmiProcess;
  readonly session: AzSession;
}

/**
 * The set-up most az suites share, registered as hooks of the calling describe: an azmi process
 * (started with `azmiArgs`), an az session logged in through its proxy, and a resource group
 * when `group` names one; both stopped after the suite.
 */
export function loggedInAz(az: string | undefined, options: { readonly group?: string; readonly azmiArgs?: readonly string[] } = {}): LoggedInAz {
  const live = {} as { emulator: AzmiProcess; session: AzSession };
  beforeAll(async () => {
    live.emulator = await startAzmiProcess(options.azmiArgs ?? []);
    live.session = await createAzSession(az!, live.emulator);
    await live.session.login();
    if (options.group !== undefined) await live.session.json(["group", "create", "-n", options.group, "-l", "westeurope"]);
  }, 180_000);
  afterAll(async () => {
    await live.session?.dispose();
    await live.emulator?.stop();
  });
  return live;
}
