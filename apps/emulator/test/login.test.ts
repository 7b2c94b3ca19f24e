import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { startTestAzmi, type TestAzmi } from "./support/azmi.js";

describe("Entra ID login endpoints", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  const getJson = async (path: string) => {
    const res = await fetch(`${azmi.url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const postForm = async (path: string, fields: Record<string, string>) => {
    const res = await fetch(`${azmi.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const credentials = (clientId: string) => ({ grant_type: "client_credentials", client_id: clientId, client_secret: "anything" });

  it("publishes the v2 and v1 OpenID configuration pointing at azmi", async () => {
    const v2 = await getJson(`/${azmi.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(v2.status).toBe(200);
    expect(v2.body.token_endpoint).toBe(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/token`);
    expect(v2.body.authorization_endpoint).toBe(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/authorize`);
    expect(v2.body.jwks_uri).toBe(`${azmi.url}/${azmi.tenantId}/discovery/v2.0/keys`);
    expect(v2.body.issuer).toBe(`${azmi.url}/${azmi.tenantId}/v2.0`);
    const common = await getJson(`/common/v2.0/.well-known/openid-configuration`);
    expect(common.body.issuer).toBe(`${azmi.url}/{tenantid}/v2.0`);
    const v1 = await getJson(`/${azmi.tenantId}/.well-known/openid-configuration`);
    expect(v1.body.token_endpoint).toBe(`${azmi.url}/${azmi.tenantId}/oauth2/token`);
    expect(v1.body.issuer).toBe(`https://sts.windows.net/${azmi.tenantId}/`);
    const adfs = await getJson(`/adfs/.well-known/openid-configuration`);
    expect(adfs.body.token_endpoint).toMatch(new RegExp(`^${azmi.url}/adfs/oauth2/token`));
  });

  it("answers instance discovery for api-version 1.0 and 1.1", async () => {
    const v10 = await getJson(
      `/common/discovery/instance?api-version=1.0&authorization_endpoint=https://login.microsoftonline.com/${azmi.tenantId}/oauth2/v2.0/authorize`,
    );
    expect(v10.body.tenant_discovery_endpoint).toBe(`https://login.microsoftonline.com/${azmi.tenantId}/v2.0/.well-known/openid-configuration`);
    const v11 = await getJson(`/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/authorize`);
    expect(v11.body.metadata[0].aliases).toContain("login.microsoftonline.com");
  });

  it("issues a v2 client-credentials token that verifies against the JWKS, with the claims Entra sets", async () => {
    const { status, body } = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, {
      ...credentials("app-one"),
      scope: "https://management.core.windows.net//.default",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: expect.any(Number), ext_expires_in: expect.any(Number) });
    const jwks = createRemoteJWKSet(new URL(`${azmi.url}/${azmi.tenantId}/discovery/v2.0/keys`));
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, { algorithms: ["RS256"] });
    expect(protectedHeader.kid).toBe(protectedHeader.x5t);
    expect(payload).toMatchObject({
      aud: "https://management.core.windows.net/",
      iss: `https://sts.windows.net/${azmi.tenantId}/`,
      tid: azmi.tenantId,
      appid: "app-one",
      idtyp: "app",
    });
    expect(payload.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.sub).toBe(payload.oid);
    for (const claim of ["iat", "nbf", "exp"]) expect(typeof payload[claim]).toBe("number");
    // The v1 JWKS publishes the same key.
    const v1Keys = await getJson(`/common/discovery/keys`);
    expect(v1Keys.body.keys.map((k: { kid: string }) => k.kid)).toContain(decodeProtectedHeader(body.access_token).kid);
  });

  it("reads X/.default and X//.default as the same resource", async () => {
    const one = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, { ...credentials("app-one"), scope: "https://graph.microsoft.com/.default" });
    const two = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, { ...credentials("app-one"), scope: "https://graph.microsoft.com//.default" });
    const aud = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).aud;
    expect(aud(one.body.access_token)).toBe(aud(two.body.access_token));
    expect(aud(one.body.access_token)).toBe("https://graph.microsoft.com");
  });

  it("issues v1 tokens with string fields, expires_on, not_before and resource", async () => {
    const { status, body } = await postForm(`/${azmi.tenantId}/oauth2/token`, { ...credentials("app-one"), resource: "https://management.azure.com/" });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: expect.stringMatching(/^\d+$/),
      ext_expires_in: expect.stringMatching(/^\d+$/),
      expires_on: expect.stringMatching(/^\d+$/),
      not_before: expect.stringMatching(/^\d+$/),
      resource: "https://management.azure.com/",
    });
    const jwks = createRemoteJWKSet(new URL(`${azmi.url}/common/discovery/keys`));
    const { payload } = await jwtVerify(body.access_token, jwks);
    expect(payload.aud).toBe("https://management.azure.com/");
  });

  it("gives the same client id the same oid, and another client another", async () => {
    const oid = async (clientId: string) => {
      const { body } = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, { ...credentials(clientId), scope: "https://management.azure.com/.default" });
      return JSON.parse(Buffer.from(body.access_token.split(".")[1], "base64url").toString()).oid as string;
    };
    expect(await oid("app-two")).toBe(await oid("app-two"));
    expect(await oid("app-two")).not.toBe(await oid("app-three"));
  });

  it("answers Entra's error JSON for a bad grant type and missing parameters", async () => {
    const grant = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, { grant_type: "password", client_id: "x", scope: "a/.default" });
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ error: "unsupported_grant_type", error_codes: [70003] });
    expect(grant.body.error_description).toMatch(/^AADSTS70003: /);
    expect(grant.body).toHaveProperty("trace_id");
    expect(grant.body).toHaveProperty("correlation_id");
    expect(grant.body).toHaveProperty("timestamp");
    const noClient = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, { grant_type: "client_credentials", client_secret: "s", scope: "a/.default" });
    expect(noClient.body).toMatchObject({ error: "invalid_request", error_codes: [900144] });
    expect(noClient.body.error_description).toContain("'client_id'");
    const noScope = await postForm(`/${azmi.tenantId}/oauth2/v2.0/token`, credentials("x"));
    expect(noScope.body.error_description).toContain("'scope'");
  });

  it("keeps the signing key in the store", async () => {
    const keys = await getJson(`/${azmi.tenantId}/discovery/v2.0/keys`);
    expect(keys.body.keys[0]).toMatchObject({ kty: "RSA", use: "sig", e: "AQAB", x5c: [expect.any(String)] });
    expect(azmi.services.store.list("signing-keys").map((i) => i.key)).toEqual([keys.body.keys[0].kid]);
  });

  it("echoes client-request-id and answers every token path form the same way, errors included", async () => {
    const form = new URLSearchParams({ ...credentials("app-ids"), resource: "https://management.azure.com/" });
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${azmi.url}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: form });
    const echoed = await post(`/${azmi.tenantId}/oauth2/token`, { "client-request-id": "my-correlation" });
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get("client-request-id")).toBe("my-correlation");
    expect(echoed.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(echoed.headers.get("cache-control")).toBe("no-store, no-cache");
    expect(((await echoed.json()) as any).resource).toBe("https://management.azure.com/");
    // MSAL in ADFS mode adds a trailing slash; a percent-encoded tenant is read decoded.
    expect((await post(`/${azmi.tenantId}/oauth2/token/`)).status).toBe(200);
    expect((await post(`/${encodeURIComponent(azmi.tenantId).replace("0", "%30")}/oauth2/token`)).status).toBe(200);
    const common = await post(`/common/oauth2/token`, { "client-request-id": "on-error" });
    expect(common.status).toBe(400);
    expect(common.headers.get("client-request-id")).toBe("on-error");
    expect(await common.json()).toMatchObject({ error: "invalid_request", error_codes: [90002], correlation_id: "on-error" });
  });

  it("answers tokens the same through createApp (Koa, for embedding) as through the listener", async () => {
    const app = createApp(azmi.services, { caPem: "", version: "0.0.0", startedAt: Date.now() });
    const server: Server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/${azmi.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "via-koa" },
        body: new URLSearchParams({ ...credentials("app-koa"), scope: "https://management.azure.com/.default" }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("client-request-id")).toBe("via-koa");
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
      const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(`${azmi.url}/${azmi.tenantId}/discovery/v2.0/keys`)));
      expect(payload).toMatchObject({ appid: "app-koa", aud: "https://management.azure.com/" });
      const bad = await fetch(`${base}/${azmi.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "password" }),
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: "unsupported_grant_type", error_codes: [70003] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
