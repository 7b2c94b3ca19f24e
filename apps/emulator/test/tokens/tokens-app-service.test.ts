/**
 * A web app's managed identities through the App Service protocol, as @azure/identity's
 * ManagedIdentityCredential uses it in an App Service container (IDENTITY_ENDPOINT +
 * IDENTITY_HEADER, from azmi's identity-endpoint). MSAL picks the managed-identity source once
 * per process, so this file is about one web app; IMDS lives in tokens-imds.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { decodeJwt } from "jose";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createIdentities, identityEnvironmentOf, ok, setIdentityEnvironment, verifyWithAzmiJwks, type IdentityFixture } from "../support/token-checks.js";

let azmi: TestAzmi;
let ids: IdentityFixture;
let siteId: string;
let sitePrincipalId: string;
let env: Record<string, string>;
let restore: () => void = () => {};

beforeAll(async () => {
  azmi = await startTestAzmi();
  ids = await createIdentities(azmi, "rg-web-tokens");
  const plan = await ok(azmi, "PUT", `${ids.groupId}/providers/Microsoft.Web/serverfarms/plan1?api-version=2022-09-01`, {
    location: "westeurope",
    sku: { name: "B1" },
    kind: "linux",
    properties: { reserved: true },
  });
  siteId = `${ids.groupId}/providers/Microsoft.Web/sites/web-tokens`;
  const site = await ok(azmi, "PUT", `${siteId}?api-version=2022-09-01`, {
    location: "westeurope",
    properties: { serverFarmId: plan.id },
    identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [ids.attached.id]: {} } },
  });
  sitePrincipalId = site.identity.principalId;
  env = await identityEnvironmentOf(azmi, siteId);
  restore = setIdentityEnvironment({ IDENTITY_ENDPOINT: env.IDENTITY_ENDPOINT!, IDENTITY_HEADER: env.IDENTITY_HEADER! });
});

afterAll(async () => {
  restore();
  await azmi?.stop();
});

describe("identity-endpoint", () => {
  it("gives the site its endpoint, secret and IMDS base URL", () => {
    expect(env.IDENTITY_ENDPOINT).toBe(`http://127.0.0.1:${azmi.port}/_azmi/msi/token`);
    expect(env.IDENTITY_HEADER).toMatch(/^[0-9a-f]{48}$/);
    expect(env.AZURE_POD_IDENTITY_AUTHORITY_HOST).toBe(`http://127.0.0.1:${azmi.port}/_azmi/imds/${env.IDENTITY_HEADER}`);
    expect(env.MSI_ENDPOINT).toBe(env.IDENTITY_ENDPOINT);
    expect(env.MSI_SECRET).toBe(env.IDENTITY_HEADER);
  });

  it("answers the same secret every time, and 404 for a resource that does not exist", async () => {
    expect((await identityEnvironmentOf(azmi, siteId)).IDENTITY_HEADER).toBe(env.IDENTITY_HEADER);
    const missing = await azmi.request("GET", `/_azmi/identity-endpoint?resource=${encodeURIComponent(`${ids.groupId}/providers/Microsoft.Web/sites/nope`)}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("ResourceNotFound");
  });
});

describe("ManagedIdentityCredential over the App Service protocol", () => {
  it("gets the site's system-assigned identity token, signed by azmi, with Azure's claims", async () => {
    const token = await new ManagedIdentityCredential().getToken("https://management.azure.com/.default");
    expect(token.expiresOnTimestamp - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({
      aud: "https://management.azure.com",
      iss: `https://sts.windows.net/${azmi.tenantId}/`,
      oid: sitePrincipalId,
      sub: sitePrincipalId,
      tid: azmi.tenantId,
      idtyp: "app",
      appidacr: "2",
      ver: "1.0",
    });
    expect(String(claims.xms_mirid).toLowerCase()).toBe(siteId.toLowerCase());
    expect(String(claims.xms_az_rid).toLowerCase()).toBe(siteId.toLowerCase());
    const sp = azmi.services.directory.servicePrincipals.get(sitePrincipalId);
    expect(claims.appid).toBe(sp?.appId);
  });

  it("gets an attached user-assigned identity's token by client id", async () => {
    const token = await new ManagedIdentityCredential({ clientId: ids.attached.clientId }).getToken("https://vault.azure.net/.default");
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({ aud: "https://vault.azure.net", appid: ids.attached.clientId, oid: ids.attached.principalId });
    expect(String(claims.xms_mirid).toLowerCase()).toBe(ids.attached.id.toLowerCase());
    expect(String(claims.xms_az_rid).toLowerCase()).toBe(siteId.toLowerCase());
  });

  it("is what DefaultAzureCredential uses in the site's environment", async () => {
    const token = await new DefaultAzureCredential().getToken("https://management.azure.com/.default");
    expect((await verifyWithAzmiJwks(azmi, token.token)).oid).toBe(sitePrincipalId);
  });

  it("refuses an identity that is not attached to the site", async () => {
    const credential = new ManagedIdentityCredential({ clientId: ids.detached.clientId });
    await expect(credential.getToken("https://management.azure.com/.default")).rejects.toThrow(/Unable to load the proper Managed Identity/);
  });
});

describe("the App Service wire protocol", () => {
  const url = (query: string) => `${env.IDENTITY_ENDPOINT}?${query}`;

  it("answers 2019-08-01 with exactly its fields, numbers as strings", async () => {
    const res = await fetch(url("api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com%2F"), {
      headers: { "X-IDENTITY-HEADER": env.IDENTITY_HEADER! },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "client_id", "expires_on", "resource", "token_type"]);
    expect(body).toMatchObject({ resource: "https://management.azure.com/", token_type: "Bearer" });
    expect(body.expires_on).toMatch(/^\d{10}$/);
    expect(decodeJwt(body.access_token as string).aud).toBe("https://management.azure.com/");
    expect(decodeJwt(body.access_token as string).exp).toBe(Number(body.expires_on));
  });

  it("selects user-assigned identities by principal_id, object_id and mi_res_id", async () => {
    for (const selector of [
      `principal_id=${ids.attached.principalId}`,
      `object_id=${ids.attached.principalId}`,
      `mi_res_id=${encodeURIComponent(ids.attached.id)}`,
    ]) {
      const res = await fetch(url(`api-version=2019-08-01&resource=api://x&${selector}`), { headers: { "X-IDENTITY-HEADER": env.IDENTITY_HEADER! } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { client_id: string }).client_id).toBe(ids.attached.clientId);
    }
  });

  it("refuses a missing or wrong X-IDENTITY-HEADER, and answers 400 for an identity not found", async () => {
    expect((await fetch(url("api-version=2019-08-01&resource=api://x"))).status).toBe(401);
    expect((await fetch(url("api-version=2019-08-01&resource=api://x"), { headers: { "X-IDENTITY-HEADER": "0".repeat(48) } })).status).toBe(401);
    const res = await fetch(url(`api-version=2019-08-01&resource=api://x&client_id=${ids.detached.clientId}`), {
      headers: { "X-IDENTITY-HEADER": env.IDENTITY_HEADER! },
    });
    expect(res.status).toBe(400);
    // App Service's own shape, not IMDS's (the Python SDK made "(invalid_scope) None, None" of that).
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ statusCode: 400, message: "Unable to load the proper Managed Identity.", correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(res.headers.get("x-correlation-id")).toBe(body.correlationId);
    const old = await fetch(url(`api-version=2017-09-01&resource=api://x&clientid=${ids.detached.clientId}`), { headers: { secret: env.MSI_SECRET! } });
    expect(old.status).toBe(400);
    expect(((await old.json()) as Record<string, unknown>).message).toBe("Unable to load the proper Managed Identity.");
  });

  it("serves the 2017-09-01 protocol with the secret header and clientid", async () => {
    const res = await fetch(url(`api-version=2017-09-01&resource=api://x&clientid=${ids.attached.clientId}`), { headers: { secret: env.MSI_SECRET! } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    // Epoch seconds: the Python and Go SDKs parse this protocol's expires_on as an integer.
    expect(body.expires_on).toMatch(/^\d{10}$/);
    expect(decodeJwt(body.access_token!).exp).toBe(Number(body.expires_on));
    expect(decodeJwt(body.access_token!).oid).toBe(ids.attached.principalId);
    const ml = await fetch(url("api-version=2017-09-01&resource=api://x"), { headers: { secret: env.MSI_SECRET!, Metadata: "true" } });
    expect(((await ml.json()) as Record<string, string>).expires_on).toMatch(/^\d{10}$/);
    expect((await fetch(url("api-version=2017-09-01&resource=api://x"), { headers: { secret: "wrong" } })).status).toBe(401);
  });

  it("answers unknown api-versions and a missing resource with the protocol's 400", async () => {
    const bad = await fetch(url("api-version=2020-01-01&resource=api://x"), { headers: { "X-IDENTITY-HEADER": env.IDENTITY_HEADER! } });
    expect(bad.status).toBe(400);
    const noResource = await fetch(url("api-version=2019-08-01"), { headers: { "X-IDENTITY-HEADER": env.IDENTITY_HEADER! } });
    expect(noResource.status).toBe(400);
    expect(((await noResource.json()) as { error: string }).error).toBe("invalid_request");
  });
});
