import { createHash } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "@azmi/arm-core";
import { appTokenClaims, audienceFromResource, audienceFromScope, clientObjectId, issueAppToken } from "../../src/tokens/access-token.js";
import { SigningKeys } from "../../src/tokens/signing-keys.js";

describe("audienceFromScope", () => {
  it.each([
    ["https://management.core.windows.net//.default", "https://management.core.windows.net/"],
    ["https://management.core.windows.net/.default", "https://management.core.windows.net/"],
    ["https://graph.microsoft.com//.default", "https://graph.microsoft.com"],
    ["https://graph.microsoft.com/.default", "https://graph.microsoft.com"],
    ["api://my-app/.default", "api://my-app"],
    ["api://my-app//.default", "api://my-app"],
    ["https://vault.azure.net/.default offline_access", "https://vault.azure.net"],
  ])("%s → %s", (scope, audience) => {
    expect(audienceFromScope(scope)).toBe(audience);
  });

  it("rejects a scope without /.default", () => {
    expect(audienceFromScope("https://management.azure.com/user_impersonation")).toBeUndefined();
  });

  it("keeps a v1 resource as asked, apart from well-known resources' canonical form", () => {
    expect(audienceFromResource("https://management.azure.com")).toBe("https://management.azure.com/");
    expect(audienceFromResource("api://x")).toBe("api://x");
  });
});

describe("clientObjectId", () => {
  it("is a stable GUID per tenant and client id, case-insensitive", () => {
    const a = clientObjectId("t", "App-1");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientObjectId("t", "app-1")).toBe(a);
    expect(clientObjectId("t", "app-2")).not.toBe(a);
    expect(clientObjectId("u", "app-1")).not.toBe(a);
  });
});

describe("SigningKeys", () => {
  it("makes one key, keeps it in the store, and publishes it as Entra does (kid = x5t = SHA-1 of the x5c DER)", async () => {
    const store = new MemoryStore();
    const keys = new SigningKeys(store);
    const { keys: published } = await keys.jwks();
    expect(published).toHaveLength(1);
    const jwk = published[0]! as Record<string, unknown> & { x5c: string[] };
    expect(jwk).toMatchObject({ kty: "RSA", use: "sig", e: "AQAB" });
    const der = Buffer.from(jwk.x5c[0]!, "base64");
    expect(jwk.kid).toBe(createHash("sha1").update(der).digest("base64url"));
    expect(jwk.x5t).toBe(jwk.kid);
    // A second instance over the same store (a restart) signs with the same key.
    expect((await new SigningKeys(store).signingKey()).record.kid).toBe(jwk.kid);
    // Wiped store: a new key.
    store.clear();
    keys.forget();
    expect((await keys.signingKey()).record.kid).not.toBe(jwk.kid);
  });

  it("makes only one key when asked concurrently", async () => {
    const store = new MemoryStore();
    const keys = new SigningKeys(store);
    await Promise.all([keys.signingKey(), keys.signingKey(), new SigningKeys(store).signingKey()]);
    expect(store.list("signing-keys")).toHaveLength(1);
  });
});

describe("app tokens", () => {
  it("signs v1 app-only claims that verify against the JWKS", async () => {
    const keys = new SigningKeys(new MemoryStore());
    const now = Math.floor(Date.now() / 1000);
    const token = await issueAppToken(keys, { tenantId: "tid", clientId: "cid", audience: "https://management.core.windows.net/", now });
    const { payload, protectedHeader } = await jwtVerify(token.accessToken, createLocalJWKSet(await keys.jwks()));
    expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(payload).toMatchObject({
      aud: "https://management.core.windows.net/",
      iss: "https://sts.windows.net/tid/",
      tid: "tid",
      appid: "cid",
      idtyp: "app",
      oid: clientObjectId("tid", "cid"),
      sub: clientObjectId("tid", "cid"),
      ver: "1.0",
    });
    expect(token.expiresIn).toBe(3599);
    expect(payload.exp).toBe(now + 3599);
  });

  it("uses the v2 issuer and azp for v2 tokens", () => {
    const claims = appTokenClaims({ tenantId: "tid", clientId: "cid", audience: "api://x", version: "2.0", now: 1000 });
    expect(claims).toMatchObject({ iss: "https://login.microsoftonline.com/tid/v2.0", azp: "cid", ver: "2.0" });
    expect(claims).not.toHaveProperty("appid");
  });
});
