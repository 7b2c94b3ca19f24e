import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { areaOf } from "../src/routing.js";
import { startTestAzmi, type TestAzmi } from "./support/azmi.js";

describe("routing by host and path", () => {
  it.each([
    ["management.azure.com", "/anything", "arm"],
    ["management.azure.com", "/metadata/endpoints", "metadata"],
    ["127.0.0.1:4566", "/subscriptions/x", "arm"],
    ["127.0.0.1:4566", "/providers/Microsoft.Web", "arm"],
    ["127.0.0.1:4566", "/tenants", "arm"],
    ["127.0.0.1:4566", "/metadata/endpoints", "metadata"],
    ["graph.microsoft.com", "/v1.0/servicePrincipals", "graph"],
    ["127.0.0.1:4566", "/v1.0/servicePrincipals", "graph"],
    ["login.microsoftonline.com", "/anything", "login"],
    ["sts.windows.net", "/t/oauth2/token", "login"],
    ["127.0.0.1:4566", "/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token", "login"],
    ["127.0.0.1:4566", "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration", "login"],
    ["127.0.0.1:4566", "/common/discovery/instance", "login"],
    ["127.0.0.1:4566", "/common/discovery/keys", "login"],
    ["127.0.0.1:4566", "/adfs/.well-known/openid-configuration", "login"],
    ["127.0.0.1:4566", "/metadata/identity/oauth2/token", "identity"],
    ["management.azure.com", "/_azmi/health", "admin"],
    ["127.0.0.1:4566", "/elsewhere", "unknown"],
  ])("%s%s → %s", (host, path, area) => {
    expect(areaOf(host, path)).toBe(area);
  });
});

describe("areas answer in their own dialect", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi({ providers: [] });
  });
  afterAll(() => azmi.stop());

  it("answers an unknown Graph path in Graph's error envelope, not ARM's", async () => {
    const res = await azmi.request("GET", "/v1.0/nothingHere", undefined, { "client-request-id": "c-1" });
    // Graph answers a segment it does not serve with 400 BadRequest (ARM would say 404 InvalidResourceType).
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.json.error).toMatchObject({ code: "BadRequest", message: "Resource not found for the segment 'nothingHere'." });
    expect(res.json.error.innerError).toMatchObject({ "request-id": expect.any(String), "client-request-id": "c-1", date: expect.any(String) });
  });

  it("answers an unknown login path with JSON, not HTML", async () => {
    const res = await azmi.request("GET", "/common/oauth2/nothing");
    expect(res.status).toBe(404);
    expect(res.json).toHaveProperty("error");
  });
});
