/**
 * Workload identity federation without Kubernetes: azmi's built-in test issuer mints the
 * service-account token, a federated identity credential (created through ARM) trusts it,
 * and @azure/identity's WorkloadIdentityCredential exchanges it at azmi's Entra token
 * endpoint for the user-assigned identity's token. Also ClientSecretCredential against the
 * same endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClientSecretCredential, WorkloadIdentityCredential } from "@azure/identity";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createIdentities, ok, verifyWithAzmiJwks, type IdentityFixture } from "../support/token-checks.js";

let azmi: TestAzmi;
let ids: IdentityFixture;
let issuer: string;
const subject = "system:serviceaccount:payments:api";
const dir = mkdtempSync(join(tmpdir(), "azmi-wi-"));

async function mint(body: Record<string, unknown>): Promise<string> {
  const res = await azmi.request("POST", "/_azmi/issuer/token", body);
  expect(res.status).toBe(200);
  return res.json.token as string;
}

function tokenFile(name: string, token: string): string {
  const file = join(dir, name);
  writeFileSync(file, token);
  return file;
}

const credentialFor = (clientId: string, tokenFilePath: string) =>
  new WorkloadIdentityCredential({ tenantId: azmi.tenantId, clientId, tokenFilePath, authorityHost: azmi.url, disableInstanceDiscovery: true });

beforeAll(async () => {
  azmi = await startTestAzmi();
  ids = await createIdentities(azmi, "rg-workload");
  const discovery = await azmi.request("GET", "/_azmi/issuer/.well-known/openid-configuration");
  issuer = discovery.json.issuer;
  await ok(azmi, "PUT", `${ids.attached.id}/federatedIdentityCredentials/payments-api?api-version=2023-01-31`, {
    properties: { issuer, subject, audiences: ["api://AzureADTokenExchange"] },
  });
});

afterAll(async () => {
  await azmi?.stop();
});

describe("the test issuer", () => {
  it("publishes an https issuer, its JWKS, and signs what it mints with those keys", async () => {
    expect(issuer).toBe(`https://127.0.0.1:${azmi.port}/_azmi/issuer`);
    const discovery = (await azmi.request("GET", "/_azmi/issuer/.well-known/openid-configuration")).json;
    expect(discovery.jwks_uri).toBe(`${issuer}/keys`);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as Parameters<typeof createLocalJWKSet>[0];
    const token = await mint({ subject: "system:serviceaccount:default:x" });
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer, audience: "api://AzureADTokenExchange" });
    expect(payload.sub).toBe("system:serviceaccount:default:x");
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("answers 400 for a body without a subject", async () => {
    const res = await azmi.request("POST", "/_azmi/issuer/token", { audience: "x" });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("invalid_request");
  });
});

describe("WorkloadIdentityCredential", () => {
  it("exchanges a matching service-account token for the identity's token", async () => {
    const file = tokenFile("good", await mint({ subject }));
    const token = await credentialFor(ids.attached.clientId, file).getToken("https://management.azure.com/.default");
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({
      aud: "https://management.azure.com/",
      appid: ids.attached.clientId,
      oid: ids.attached.principalId,
      sub: ids.attached.principalId,
      tid: azmi.tenantId,
      appidacr: "2",
      idtyp: "app",
    });
    expect(String(claims.xms_mirid).toLowerCase()).toBe(ids.attached.id.toLowerCase());
  });

  it("is refused for a subject that differs from the credential's only in case (AADSTS7002138)", async () => {
    const file = tokenFile("case-subject", await mint({ subject: subject.toUpperCase() }));
    await expect(credentialFor(ids.attached.clientId, file).getToken("https://management.azure.com/.default")).rejects.toThrow(
      /AADSTS7002138: No matching federated identity record found for presented assertion subject 'SYSTEM:SERVICEACCOUNT:PAYMENTS:API'\. The subject matches with case-insensitive comparison, but not with case-sensitive comparison/,
    );
  });

  it("is refused for a subject no federated credential names (AADSTS700213)", async () => {
    const file = tokenFile("wrong-subject", await mint({ subject: "system:serviceaccount:payments:other" }));
    await expect(credentialFor(ids.attached.clientId, file).getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS700213/);
  });

  it("is refused for an identity without federated credentials (AADSTS70021) and a wrong audience (AADSTS700212)", async () => {
    const good = tokenFile("for-detached", await mint({ subject }));
    await expect(credentialFor(ids.detached.clientId, good).getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS70021/);
    const wrongAudience = tokenFile("wrong-aud", await mint({ subject, audience: "api://something-else" }));
    await expect(credentialFor(ids.attached.clientId, wrongAudience).getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS700212/);
  });

  it("answers Entra's error JSON to a raw exchange with an expired token", async () => {
    const expired = await mint({ subject, lifetimeSeconds: -3600 });
    const res = await fetch(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: ids.attached.clientId,
        scope: "https://management.azure.com/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: expired,
      }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: "invalid_client", error_codes: [700024], error_uri: "https://login.microsoftonline.com/error?code=700024" });
    expect(body.error_description).toMatch(/^AADSTS700024: Client assertion is not within its valid time range\./);
  });
});

describe("the v1 token endpoint", () => {
  it("exchanges a federated assertion for a v1 answer (strings, resource)", async () => {
    const res = await fetch(`${azmi.url}/${azmi.tenantId}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: ids.attached.clientId,
        resource: "https://management.core.windows.net/",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await mint({ subject }),
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ token_type: "Bearer", resource: "https://management.core.windows.net/" });
    expect(body.expires_on).toMatch(/^\d+$/);
    expect(await verifyWithAzmiJwks(azmi, body.access_token!)).toMatchObject({ oid: ids.attached.principalId, aud: "https://management.core.windows.net/" });
  });
});

describe("ClientSecretCredential", () => {
  it("gets an application token from azmi's https authority (permissive: any secret)", async () => {
    const credential = new ClientSecretCredential(azmi.tenantId, "22222222-2222-2222-2222-222222222222", "anything", {
      authorityHost: azmi.url,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({ aud: "https://graph.microsoft.com", appid: "22222222-2222-2222-2222-222222222222", tid: azmi.tenantId, idtyp: "app" });
    expect(decodeJwt(token.token).oid).toBe(claims.sub);
  });
});
