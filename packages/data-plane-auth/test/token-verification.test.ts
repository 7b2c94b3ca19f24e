import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { verifyToken } from "../src/index.js";
import { APP, TENANT, signingKeys } from "./fixture.js";

const VAULT_AUDIENCE = ["https://vault.azure.net"];

describe("token verification", () => {
  it("accepts a token of the keys, audience and tenant, and names its principal", async () => {
    const { jwks, mint } = await signingKeys();
    const token = await mint({ aud: "https://vault.azure.net/", oid: APP, appid: "app-client" });
    const check = await verifyToken(token, { keys: jwks, audiences: VAULT_AUDIENCE, tenantId: TENANT });
    expect(check).toMatchObject({ ok: true, principal: { principalId: APP, principalType: "ServicePrincipal", tenantId: TENANT, clientId: "app-client" } });
  });

  it("tells users from applications by idtyp, or by delegated scopes", async () => {
    const { jwks, mint } = await signingKeys();
    const user = await verifyToken(await mint({ aud: "https://vault.azure.net", oid: APP, idtyp: "user" }), { keys: jwks, audiences: VAULT_AUDIENCE });
    const delegated = await verifyToken(await mint({ aud: "https://vault.azure.net", oid: APP, idtyp: undefined, scp: "user_impersonation" }), {
      keys: jwks,
      audiences: VAULT_AUDIENCE,
    });
    expect(user.ok && user.principal.principalType).toBe("User");
    expect(delegated.ok && delegated.principal.principalType).toBe("User");
  });

  it.each([
    ["missing", undefined],
    ["missing", ""],
    ["malformed", "not-a-jwt"],
  ])("refuses %s tokens (%j)", async (error, token) => {
    const { jwks } = await signingKeys();
    expect(await verifyToken(token, { keys: jwks, audiences: VAULT_AUDIENCE })).toMatchObject({ ok: false, error });
  });

  it("refuses a token of other keys, an expired one, one for ARM, one of another tenant, one without oid", async () => {
    const { jwks, mint } = await signingKeys();
    const other = await signingKeys();
    const options = { keys: jwks, audiences: VAULT_AUDIENCE, tenantId: TENANT };
    expect(await verifyToken(await other.mint({ aud: "https://vault.azure.net", oid: APP }), options)).toMatchObject({ ok: false, error: "signature" });
    expect(await verifyToken(await mint({ aud: "https://vault.azure.net", oid: APP }, -600), options)).toMatchObject({
      ok: false,
      error: "expired",
      message: expect.stringContaining("expired at"),
    });
    expect(await verifyToken(await mint({ aud: "https://management.azure.com/", oid: APP }), options)).toMatchObject({
      ok: false,
      error: "audience",
      message: expect.stringContaining("https://management.azure.com/"),
    });
    expect(await verifyToken(await mint({ aud: "https://vault.azure.net", oid: APP, tid: "00000000-0000-0000-0000-00000000abcd" }), options)).toMatchObject({
      ok: false,
      error: "tenant",
    });
    expect(await verifyToken(await mint({ aud: "https://vault.azure.net" }), options)).toMatchObject({ ok: false, error: "principal" });
  });

  it("reads the keys from a function (rotation) and from a JWKS URL", async () => {
    const { jwks, mint } = await signingKeys();
    const token = await mint({ aud: "https://vault.azure.net", oid: APP });
    expect(await verifyToken(token, { keys: async () => jwks, audiences: VAULT_AUDIENCE })).toMatchObject({ ok: true });

    const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`);
      expect(await verifyToken(token, { keys: url, audiences: VAULT_AUDIENCE })).toMatchObject({ ok: true, principal: { principalId: APP } });
    } finally {
      server.close();
    }
  });

  it("says when the key set cannot be read, rather than blaming the token", async () => {
    const { mint } = await signingKeys();
    const token = await mint({ aud: "https://vault.azure.net", oid: APP });
    const failing = async () => {
      throw new Error("key store offline");
    };
    expect(await verifyToken(token, { keys: failing, audiences: VAULT_AUDIENCE })).toMatchObject({
      ok: false,
      error: "keys",
      message: expect.stringContaining("key store offline"),
    });
  });
});
