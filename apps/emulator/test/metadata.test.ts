import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "./support/azmi.js";

describe("GET /metadata/endpoints", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  const fetchMetadata = async (apiVersion: string, path = "/metadata/endpoints") => {
    const res = await fetch(`${azmi.url}${path}?api-version=${apiVersion}`);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
  };

  it.each(["2022-09-01", "2015-01-01"])("answers one object pointing at azmi for %s", async (apiVersion) => {
    const { status, body, type } = await fetchMetadata(apiVersion);
    expect(status).toBe(200);
    expect(type).toBe("application/json; charset=utf-8");
    expect(Array.isArray(body)).toBe(false);
    const base = `${azmi.url}/`;
    expect(body.name).toBeTruthy();
    expect(body.resourceManager).toBe(base);
    expect(body.microsoftGraphResourceId).toBe(base);
    expect(body.authentication).toMatchObject({ loginEndpoint: base, tenant: "common", identityProvider: "AAD" });
    expect(body.authentication.audiences.length).toBeGreaterThan(0);
    for (const suffix of ["keyVaultDns", "storage", "mhsmDns", "sqlServerHostname", "acrLoginServer", "synapseAnalytics", "attestationEndpoint"]) {
      expect(body.suffixes[suffix], suffix).toBeTruthy();
    }
  });

  it.each(["2020-06-01", "2019-05-01"])("answers an array holding that object for %s", async (apiVersion) => {
    const { body } = await fetchMetadata(apiVersion);
    const object = (await fetchMetadata("2022-09-01")).body;
    expect(body).toEqual([object]);
  });

  it("answers {} for the 2018-01-01 location cache, so any region name is accepted", async () => {
    expect((await fetchMetadata("2018-01-01")).body).toEqual({});
  });

  it("tolerates the double slash a trailing-slash endpoint produces", async () => {
    expect((await fetchMetadata("2015-01-01", "//metadata/endpoints")).status).toBe(200);
  });

  it("answers ARM api-version errors for a missing or unknown version", async () => {
    const missing = await fetch(`${azmi.url}/metadata/endpoints`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error.code).toBe("MissingApiVersionParameter");
    const bad = await fetchMetadata("2001-01-01");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("InvalidApiVersionParameter");
  });
});
