/**
 * What the client wrappers (`azmi az`, `azmi tf`) need to know about an azmi that is already
 * running: that it answers, its tenant, its CA, a subscription, and the credentials to log in
 * with. Asked over plain HTTP on azmi's one port (it tells HTTP and HTTPS apart by the first byte),
 * so no trust has to be set up to ask.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../tokens/operator.js";

export interface AzmiEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface RunningAzmiInfo extends AzmiEndpoint {
  /** host:port, the form ARM_METADATA_HOSTNAME takes. */
  readonly hostPort: string;
  /** https://host:port, the direct address. */
  readonly httpsUrl: string;
  /** http://host:port, the forward proxy. */
  readonly proxyUrl: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly caPem: string;
  /** sha256 of the CA: a restarted in-memory azmi has a new one, and old logins are stale. */
  readonly caFingerprint: string;
  /** A directory for files the wrappers write (CA bundle, CLI config), one per host:port. */
  readonly workDir: string;
}

export class WrapperError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

const SYSTEM_BUNDLES = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

/** `--port`/`--host` or AZMI_PORT/AZMI_HOST, else azmi's defaults. */
export function endpointFrom(options: { port?: string | undefined; host?: string | undefined }): AzmiEndpoint {
  const portText = options.port ?? process.env.AZMI_PORT ?? "4566";
  const port = Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new WrapperError(`--port must be a port number, got '${portText}'`, 2);
  return { host: options.host ?? process.env.AZMI_HOST ?? "127.0.0.1", port };
}

async function get(url: string): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const base = new URL(url);
    throw new WrapperError(`no azmi answered at ${base.host} (${(error as Error).message}). Start one with 'pnpm azmi start', or pass --port.`);
  }
}

/** Asks a running azmi for what a client needs; the credentials are azmi's operator unless overridden. */
export async function describeRunningAzmi(
  endpoint: AzmiEndpoint,
  credentials: { clientId?: string | undefined; clientSecret?: string | undefined } = {},
): Promise<RunningAzmiInfo> {
  const host = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
  const hostPort = `${host}:${endpoint.port}`;
  const http = `http://${hostPort}`;
  const health = await get(`${http}/_azmi/health`);
  if (!health.ok) throw new WrapperError(`${http}/_azmi/health answered ${health.status}: is this azmi?`);
  const { tenantId } = (await health.json()) as { tenantId?: string };
  if (typeof tenantId !== "string") throw new WrapperError(`${http}/_azmi/health did not say azmi's tenant: is this azmi?`);
  const ca = await get(`${http}/_azmi/ca.pem`);
  if (!ca.ok) throw new WrapperError(`${http}/_azmi/ca.pem answered ${ca.status}`);
  const caPem = await ca.text();

  const clientId = credentials.clientId ?? process.env.AZMI_CLIENT_ID ?? DEFAULT_OPERATOR_CLIENT_ID;
  const clientSecret = credentials.clientSecret ?? process.env.AZMI_CLIENT_SECRET ?? DEFAULT_OPERATOR_CLIENT_SECRET;
  const subscriptionId = process.env.AZMI_SUBSCRIPTION_ID ?? (await firstSubscription(http, tenantId, clientId, clientSecret));

  const workDir = join(tmpdir(), `azmi-clients-${endpoint.host.replace(/[^A-Za-z0-9.-]/g, "_")}-${endpoint.port}`);
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  return {
    ...endpoint,
    hostPort,
    httpsUrl: `https://${hostPort}`,
    proxyUrl: http,
    tenantId,
    subscriptionId,
    clientId,
    clientSecret,
    caPem,
    caFingerprint: createHash("sha256").update(caPem).digest("hex"),
    workDir,
  };
}

/** Logs in with the client credentials and lists subscriptions, as a client would. */
async function firstSubscription(http: string, tenantId: string, clientId: string, clientSecret: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
    scope: "https://management.azure.com/.default",
  });
  const tokenResponse = await fetch(`${http}/${tenantId}/oauth2/v2.0/token`, { method: "POST", body: form, signal: AbortSignal.timeout(10_000) });
  const token = (await tokenResponse.json()) as { access_token?: string; error_description?: string };
  if (!tokenResponse.ok || token.access_token === undefined) {
    throw new WrapperError(
      `azmi refused the client credentials of ${clientId} (${token.error_description ?? tokenResponse.status}); pass --client-id/--client-secret (strict mode: the operator's)`,
    );
  }
  const listed = await fetch(`${http}/subscriptions?api-version=2022-12-01`, {
    headers: { authorization: `Bearer ${token.access_token}` },
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await listed.json()) as { value?: Array<{ subscriptionId?: string }> };
  const first = body.value?.[0]?.subscriptionId;
  if (!listed.ok || first === undefined) throw new WrapperError(`azmi listed no subscription for ${clientId} (${listed.status})`);
  return first;
}

/** azmi's CA followed by the system's trust bundle (and SSL_CERT_FILE's), so other hosts still verify. */
export function writeTrustBundle(info: RunningAzmiInfo): string {
  const parts = [info.caPem.trim()];
  for (const file of [process.env.SSL_CERT_FILE, ...SYSTEM_BUNDLES]) {
    if (file !== undefined && file !== "" && existsSync(file)) {
      parts.push(readFileSync(file, "utf8").trim());
      break;
    }
  }
  const path = join(info.workDir, "ca-bundle.pem");
  writeFileSync(path, `${parts.join("\n")}\n`);
  return path;
}

const WRAPPER_VALUE_OPTIONS = new Set(["--port", "--host", "--client-id", "--client-secret"]);
const WRAPPER_FLAGS = new Set(["--print-env", "--help", "-h"]);

/**
 * `azmi az [options] [--] <args>`: azmi's own options come first; everything after `--`, or from
 * the first argument that is not one of them, is the tool's.
 */
export function splitWrapperArgs(argv: readonly string[]): { own: string[]; tool: string[] } {
  const own: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    if (arg === "--") return { own, tool: argv.slice(i + 1) };
    const name = arg.split("=")[0]!;
    if (WRAPPER_FLAGS.has(arg)) own.push(arg);
    else if (WRAPPER_VALUE_OPTIONS.has(name) && arg.includes("=")) own.push(arg);
    else if (WRAPPER_VALUE_OPTIONS.has(arg) && i + 1 < argv.length) own.push(arg, argv[++i]!);
    else break;
    i++;
  }
  return { own, tool: argv.slice(i) };
}

/** The directory the e2e tool provisioning builds into (see e2e/scripts/tools.mjs). */
export function toolsDir(): string {
  return process.env.AZMI_TOOLS_DIR ?? "/opt/azmi-tools";
}
