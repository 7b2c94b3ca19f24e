/**
 * What a web page open in a browser on the same machine can make that browser send to azmi:
 * requests carrying its Origin, "simple" POSTs (text/plain, form data) that need no CORS
 * preflight, and, through DNS rebinding, requests under a host name the page controls. None of
 * them may change or read azmi's state; azmi's own tools and pages keep working.
 */
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

interface Answer {
  readonly status: number;
  readonly json: { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

/** One plain-HTTP request with exactly these headers (fetch would not let us set Host). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: { ...headers, ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }) },
        agent: false,
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString("utf8")));
        res.on("end", () => {
          let json: Answer["json"] = {};
          try {
            json = text === "" ? {} : (JSON.parse(text) as Answer["json"]);
          } catch {
            json = { text };
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("a web page cannot reach azmi's state", () => {
  let azmi: TestAzmi;
  let host: string;
  const group = () => `/subscriptions/${azmi.subscriptionId}/resourceGroups/keep-me?api-version=2021-04-01`;
  const groupExists = async () => (await azmi.request("GET", group())).status === 200;

  beforeAll(async () => {
    azmi = await startTestAzmi({ config: { allowedHosts: ["azmi.internal"] } });
    host = `127.0.0.1:${azmi.port}`;
  });
  afterAll(() => azmi.stop());
  beforeEach(async () => {
    expect((await azmi.request("PUT", group(), { location: "westeurope" })).status).toBeLessThan(300);
  });

  it("refuses POST /_azmi/reset from another origin, and the state survives", async () => {
    const res = await send(azmi.port, "POST", "/_azmi/reset", { host, origin: "http://evil.example", "content-type": "application/json" }, "{}");
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("OriginNotAllowed");
    expect(await groupExists()).toBe(true);
  });

  it("refuses a simple POST /_azmi/reset that a form or a no-preflight fetch can send (no JSON content type)", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined]) {
      const res = await send(azmi.port, "POST", "/_azmi/reset", { host, ...(contentType === undefined ? {} : { "content-type": contentType }) }, "{}");
      expect(res.status, contentType).toBe(415);
      expect(res.json.error?.code).toBe("UnsupportedMediaType");
    }
    const mint = await send(azmi.port, "POST", "/_azmi/issuer/token", { host, "content-type": "text/plain" }, '{"subject":"x"}');
    expect(mint.status).toBe(415);
    expect(await groupExists()).toBe(true);
  });

  it("refuses every request under a host name a page could rebind to 127.0.0.1", async () => {
    const evil = { host: `evil.example:${azmi.port}` };
    const reset = await send(azmi.port, "POST", "/_azmi/reset", { ...evil, "content-type": "application/json" }, "{}");
    expect(reset.status).toBe(403);
    expect(reset.json.error?.code).toBe("HostNotAllowed");
    // Reads too: the page would read the answers as same-origin.
    const list = await send(azmi.port, "GET", `/subscriptions/${azmi.subscriptionId}/resourcegroups?api-version=2021-04-01`, evil);
    expect(list.status).toBe(403);
    expect(JSON.stringify(list.json)).not.toContain("keep-me");
    const identity = await send(azmi.port, "GET", "/_azmi/identity-endpoint?resource=x", evil);
    expect(identity.status).toBe(403);
    const token = await send(
      azmi.port,
      "POST",
      `/${azmi.tenantId}/oauth2/v2.0/token`,
      { ...evil, "content-type": "application/x-www-form-urlencoded" },
      "grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
    );
    expect(token.status).toBe(403);
    const del = await send(azmi.port, "DELETE", group(), evil);
    expect(del.status).toBe(403);
    expect(await groupExists()).toBe(true);
  });

  it("refuses Resource Manager, Graph and token requests from another origin", async () => {
    const origin = { host, origin: "https://evil.example" };
    const put = await send(
      azmi.port,
      "PUT",
      `/subscriptions/${azmi.subscriptionId}/resourceGroups/planted?api-version=2021-04-01`,
      { ...origin, "content-type": "text/plain" },
      '{"location":"westeurope"}',
    );
    expect(put.status).toBe(403);
    expect((await azmi.request("GET", `/subscriptions/${azmi.subscriptionId}/resourceGroups/planted?api-version=2021-04-01`)).status).toBe(404);
    const app = await send(azmi.port, "POST", "/v1.0/applications", { ...origin, "content-type": "text/plain" }, '{"displayName":"planted"}');
    expect(app.status).toBe(403);
    const listed = await azmi.request("GET", `/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'planted'")}`);
    expect(listed.status).toBe(200);
    expect((listed.json as { value: unknown[] }).value).toEqual([]);
    const token = await send(
      azmi.port,
      "POST",
      `/${azmi.tenantId}/oauth2/v2.0/token`,
      { ...origin, "content-type": "application/x-www-form-urlencoded" },
      "grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
    );
    expect(token.status).toBe(403);
    // A sandboxed frame or a file: page says "null"; a page on another local port is another origin too.
    expect((await send(azmi.port, "GET", "/_azmi/health", { host, origin: "null" })).status).toBe(403);
    expect((await send(azmi.port, "GET", "/_azmi/health", { host, origin: "http://127.0.0.1:3000" })).status).toBe(403);
  });

  it("does not serve /_azmi under Azure's host names through the proxy", async () => {
    const viaProxy = await send(
      azmi.port,
      "POST",
      "http://management.azure.com/_azmi/reset",
      { host: "management.azure.com", "content-type": "application/json" },
      "{}",
    );
    expect(viaProxy.status).toBe(404);
    const health = await send(azmi.port, "GET", "http://graph.microsoft.com/_azmi/health", { host: "graph.microsoft.com" });
    expect(health.status).toBe(404);
    expect(await groupExists()).toBe(true);
    // The same proxy still serves Resource Manager under its Azure name.
    const arm = await send(azmi.port, "GET", `http://management.azure.com${group()}`, { host: "management.azure.com" });
    expect(arm.status).toBe(200);
  });

  it("answers its own pages and local tools: same origin, loopback names, --allow-host names", async () => {
    const own = await send(azmi.port, "GET", "/_azmi/health", { host, origin: `https://${host}` });
    expect(own.status).toBe(200);
    const named = await send(azmi.port, "GET", group(), { host: `localhost:${azmi.port}`, origin: `http://localhost:${azmi.port}` });
    expect(named.status).toBe(200);
    expect((await send(azmi.port, "GET", group(), { host: `azmi.internal:${azmi.port}` })).status).toBe(200);
    expect((await send(azmi.port, "GET", group(), { host: `[::1]:${azmi.port}` })).status).toBe(200);
    const reset = await send(azmi.port, "POST", "/_azmi/reset", { host, origin: `http://${host}`, "content-type": "application/json; charset=utf-8" }, "{}");
    expect(reset.status).toBe(200);
    expect(await groupExists()).toBe(false);
  });
});
