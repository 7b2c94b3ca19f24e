/**
 * Who Graph thinks is calling: strict mode refuses missing and wrong-audience tokens with
 * Graph's 401; /me follows the token's kind (delegated: the user; app-only: Graph's 400).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

/** An unsigned JWT: permissive mode reads claims without verifying them, as it does for ARM. */
function unsignedToken(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

describe("Graph in strict mode", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi({ config: { authMode: "strict" } });
  });
  afterAll(() => azmi.stop());

  it("refuses a request without a token, or with a token for another audience, with InvalidAuthenticationToken", async () => {
    const none = await azmi.request("GET", "/v1.0/servicePrincipals");
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: "InvalidAuthenticationToken", message: "Access token is empty." });
    const arm = await azmi.credential.getToken("https://management.azure.com/.default");
    const wrongAudience = await azmi.request("GET", "/v1.0/servicePrincipals", undefined, { authorization: `Bearer ${arm!.token}` });
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.json.error.code).toBe("InvalidAuthenticationToken");
    const forged = await azmi.request("GET", "/v1.0/servicePrincipals", undefined, {
      authorization: `Bearer ${unsignedToken({ aud: "https://graph.microsoft.com" })}`,
    });
    expect(forged.status).toBe(401);
  });

  it("serves a token azmi issued for Microsoft Graph", async () => {
    const token = await azmi.credential.getToken("https://graph.microsoft.com/.default");
    const ok = await azmi.request("GET", "/v1.0/servicePrincipals?$top=1", undefined, { authorization: `Bearer ${token!.token}` });
    expect(ok.status).toBe(200);
  });
});

describe("/me", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  it("is the signed-in user of a delegated token, and 404 when the directory has no such user", async () => {
    const created = await azmi.request("POST", "/v1.0/users", {
      accountEnabled: true,
      displayName: "Bob",
      mailNickname: "bob",
      userPrincipalName: "bob@azmi.onmicrosoft.com",
      passwordProfile: { password: "x" },
    });
    expect(created.status).toBe(201);
    const delegated = unsignedToken({ oid: created.json.id, scp: "User.Read", idtyp: "user" });
    const me = await azmi.request("GET", "/v1.0/me", undefined, { authorization: `Bearer ${delegated}` });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      "@odata.context": `${azmi.url}/v1.0/$metadata#users/$entity`,
      id: created.json.id,
      userPrincipalName: "bob@azmi.onmicrosoft.com",
    });
    const stranger = await azmi.request("GET", "/v1.0/me", undefined, { authorization: `Bearer ${unsignedToken({ oid: randomUUID(), scp: "User.Read" })}` });
    expect([stranger.status, stranger.json.error.code]).toEqual([404, "Request_ResourceNotFound"]);
  });

  it("is Graph's 400 for an app-only token and for no token", async () => {
    const appOnly = await azmi.request("GET", "/v1.0/me", undefined, { authorization: `Bearer ${unsignedToken({ oid: randomUUID(), idtyp: "app" })}` });
    expect([appOnly.status, appOnly.json.error.message]).toEqual([400, "/me request is only valid with delegated authentication flow."]);
    expect((await azmi.request("GET", "/v1.0/me")).status).toBe(400);
  });
});
