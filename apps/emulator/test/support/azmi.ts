/**
 * Test harness: an azmi running in this test process.
 *
 *   import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
 *   let azmi: TestAzmi;
 *   beforeAll(async () => { azmi = await startTestAzmi(); });
 *   afterAll(() => azmi.stop());
 *
 *   // Azure SDK clients, directly over HTTPS (endpoint + credential + CA trust):
 *   const o = azmi.sdkOptions();
 *   const subs = new SubscriptionClient(o.credential, o);
 *   const rm = new ResourceManagementClient(o.credential, azmi.subscriptionId, o);
 *   // ... or through the forward proxy, as az and Terraform do (endpoint management.azure.com):
 *   const p = azmi.sdkOptions({ via: "proxy" });
 *
 *   // Raw HTTP, parsed JSON:
 *   const res = await azmi.request("GET", "/subscriptions?api-version=2022-12-01");
 *   expect(res.status).toBe(200); res.json; res.headers.get("x-ms-request-id");
 *
 * It listens on 127.0.0.1, port 0 (random), with an in-memory store (pass { dataDir } for
 * SQLite). Its TLS certificates come from the test CA made by test/support/global-setup.ts,
 * which NODE_EXTRA_CA_CERTS makes every worker trust (fetch, @azure/identity, SDK clients);
 * sdkOptions() also passes the CA explicitly, so SDK clients trust it even without that.
 * `azmi.services` is the live Services object: seed or inspect state directly in tests.
 * Permissive auth by default: `credential` fetches a real token from azmi's login endpoint.
 */
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { CertificateAuthority } from "../../src/listener/certificate-authority.js";
import { startAzmi, type RunningAzmi } from "../../src/server.js";
import { defaultConfig, type EmulatorConfig } from "../../src/config.js";
import type { Services } from "../../src/services.js";
import type { ResourceProvider } from "../../src/arm/contract.js";
import { readAzmiResponse, type AzmiResponse } from "../../src/testing/response-body.js";

export interface TestAzmiOptions {
  /** Keep state in SQLite under this directory (default: in memory). */
  readonly dataDir?: string;
  readonly config?: Partial<Omit<EmulatorConfig, "host" | "port" | "dataDir">>;
  /** Serve only these providers (default: every registered provider). */
  readonly providers?: readonly ResourceProvider[];
  /** The clock of the replication and RBAC propagation delays, in epoch milliseconds (default Date.now). */
  readonly delayClock?: () => number;
}

export interface SdkOptions {
  readonly credential: TokenCredential;
  readonly endpoint: string;
  readonly tlsOptions: { readonly ca: string };
  readonly proxyOptions?: { readonly host: string; readonly port: number };
  readonly retryOptions: { readonly maxRetries: number };
}

export type TestResponse = AzmiResponse;

export interface TestAzmi {
  /** https://127.0.0.1:{port}: the direct HTTPS address (also serves plain HTTP at http://...). */
  readonly url: string;
  /** Same as url: ARM is served at the root of the direct port. */
  readonly armUrl: string;
  /** http://127.0.0.1:{port}: the forward proxy (HTTPS_PROXY). */
  readonly proxyUrl: string;
  readonly port: number;
  readonly caPem: string;
  /** A file holding caPem (REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE). */
  readonly caFile: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly services: Services;
  readonly credential: TokenCredential;
  sdkOptions(options?: { via?: "direct" | "proxy" }): SdkOptions;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  stop(): Promise<void>;
}

let sharedCa: Promise<CertificateAuthority> | undefined;

function testCa(): Promise<CertificateAuthority> {
  sharedCa ??= (() => {
    const certFile = process.env.AZMI_TEST_CA_CERT_FILE;
    const keyFile = process.env.AZMI_TEST_CA_KEY_FILE;
    if (certFile !== undefined && keyFile !== undefined) {
      return CertificateAuthority.fromMaterial({ certPem: readFileSync(certFile, "utf8"), keyPem: readFileSync(keyFile, "utf8") });
    }
    return CertificateAuthority.create("azmi test CA");
  })();
  return sharedCa;
}

export async function startTestAzmi(options: TestAzmiOptions = {}): Promise<TestAzmi> {
  const ca = await testCa();
  const config = defaultConfig({ ...options.config, host: "127.0.0.1", port: 0, dataDir: options.dataDir });
  const running: RunningAzmi = await startAzmi(config, {
    ca,
    ...(options.providers === undefined ? {} : { providers: options.providers }),
    ...(options.delayClock === undefined ? {} : { delayClock: options.delayClock }),
  });
  const caFile = process.env.AZMI_TEST_CA_CERT_FILE ?? writeCaFile(ca.certPem);
  const url = `https://127.0.0.1:${running.port}`;
  const tenantId = config.tenantId;
  const credential = emulatorCredential(url, tenantId);
  return {
    url,
    armUrl: url,
    proxyUrl: `http://127.0.0.1:${running.port}`,
    port: running.port,
    caPem: ca.certPem,
    caFile,
    tenantId,
    subscriptionId: config.subscriptions[0]!,
    services: running.services,
    credential,
    sdkOptions({ via = "direct" } = {}) {
      const base = { credential, tlsOptions: { ca: ca.certPem }, retryOptions: { maxRetries: 0 } };
      if (via === "direct") return { ...base, endpoint: url };
      return { ...base, endpoint: "https://management.azure.com", proxyOptions: { host: "http://127.0.0.1", port: running.port } };
    },
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === "string" || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body);
        (init.headers as Record<string, string>)["content-type"] ??= "application/json";
      }
      return readAzmiResponse(await fetch(url + path, init));
    },
    stop: () => running.stop(1_000),
  };
}

function writeCaFile(pem: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "azmi-ca-")), "ca.pem");
  writeFileSync(file, pem);
  return file;
}

/**
 * A TokenCredential that asks azmi's own token endpoint (client credentials, any secret is
 * accepted in permissive mode), as ClientSecretCredential would. Tokens are cached per scope.
 */
export function emulatorCredential(url: string, tenantId: string, clientId = "11111111-1111-1111-1111-111111111111"): TokenCredential {
  const cache = new Map<string, AccessToken>();
  return {
    async getToken(scopes) {
      const scope = Array.isArray(scopes) ? scopes.join(" ") : (scopes as string);
      const cached = cache.get(scope);
      if (cached !== undefined && cached.expiresOnTimestamp > Date.now() + 60_000) return cached;
      const response = await fetch(`${url}/${tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: "azmi", scope }),
      });
      if (!response.ok) throw new Error(`azmi token endpoint answered ${response.status}: ${await response.text()}`);
      const body = (await response.json()) as { access_token: string; expires_in: number };
      const token = { token: body.access_token, expiresOnTimestamp: Date.now() + body.expires_in * 1000 };
      cache.set(scope, token);
      return token;
    },
  };
}

/** How many managed-identity service principals the directory holds (it also holds Microsoft's first-party principals). */
export function managedIdentityPrincipals(azmi: TestAzmi): number {
  return azmi.services.directory.list({ kind: "servicePrincipal" }).filter((sp) => sp.servicePrincipalType === "ManagedIdentity").length;
}
