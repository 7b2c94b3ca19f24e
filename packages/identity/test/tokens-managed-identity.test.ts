import { describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import { MemoryStore, parseResourceId, ResourceStore } from "@azmi/arm-core";
import { IdentityBindings } from "../src/identity-bindings.js";
import { EndpointSecrets } from "../src/tokens/endpoint-secrets.js";
import { ManagedIdentityTokens } from "../src/tokens/managed-identity-tokens.js";
import { ManagedIdentityEndpointError, selectorFromQuery } from "../src/tokens/identity-selection.js";
import { ARM_AUDIENCES, verifyAccessToken } from "../src/tokens/access-token-verification.js";
import type { ClaimsSigner } from "../src/tokens/managed-identity-token.js";

const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const vmId = "/subscriptions/s1/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/vm1";
const uaiId = "/subscriptions/s1/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai1";
const otherUaiId = "/subscriptions/s1/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai2";
const sami = { principalId: "aaaaaaaa-0000-0000-0000-000000000001", clientId: "bbbbbbbb-0000-0000-0000-000000000001" };
const uai = { principalId: "aaaaaaaa-0000-0000-0000-000000000002", clientId: "bbbbbbbb-0000-0000-0000-000000000002" };
const other = { principalId: "aaaaaaaa-0000-0000-0000-000000000003", clientId: "bbbbbbbb-0000-0000-0000-000000000003" };

async function setup() {
  const store = new MemoryStore();
  const resources = new ResourceStore(store);
  const bindings = new IdentityBindings(store);
  const secrets = new EndpointSecrets(store);
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "k1" };
  const signer: ClaimsSigner = {
    sign: (claims) => new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "k1", x5t: "k1" }).sign(privateKey),
  };
  resources.put(parseResourceId(vmId), {
    id: vmId,
    name: "vm1",
    type: "Microsoft.Compute/virtualMachines",
    identity: { type: "SystemAssigned, UserAssigned", principalId: sami.principalId, tenantId, userAssignedIdentities: { [uaiId]: { ...uai } } },
  });
  bindings.put(parseResourceId(vmId).key, { kind: "SystemAssigned", resourceId: vmId, tenantId, ...sami });
  bindings.put(parseResourceId(uaiId).key, { kind: "UserAssigned", resourceId: uaiId, tenantId, ...uai });
  bindings.put(parseResourceId(otherUaiId).key, { kind: "UserAssigned", resourceId: otherUaiId, tenantId, ...other });
  const identities = { findByResourceId: (id: { key: string }) => bindings.get(id.key) };
  const tokens = new ManagedIdentityTokens({ resources, identities, secrets, signer });
  return { tokens, secret: secrets.secretFor(parseResourceId(vmId)), secrets, jwks: { keys: [publicJwk] } };
}

async function notFound(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ManagedIdentityEndpointError);
  expect((err as ManagedIdentityEndpointError).toBody()).toEqual({ error: "invalid_request", error_description: "Identity not found" });
  expect((err as ManagedIdentityEndpointError).status).toBe(400);
}

describe("managed-identity tokens", () => {
  it("issues the system-assigned identity's token with Azure's claims", async () => {
    const { tokens, secret, jwks } = await setup();
    const answer = await tokens.issue({ secret, selector: { kind: "system" }, resource: "https://management.azure.com/" });
    const claims = decodeJwt(answer.accessToken);
    expect(decodeProtectedHeader(answer.accessToken)).toMatchObject({ alg: "RS256", typ: "JWT", kid: "k1" });
    expect(claims).toMatchObject({
      aud: "https://management.azure.com/",
      iss: `https://sts.windows.net/${tenantId}/`,
      idp: `https://sts.windows.net/${tenantId}/`,
      appid: sami.clientId,
      appidacr: "2",
      idtyp: "app",
      oid: sami.principalId,
      sub: sami.principalId,
      tid: tenantId,
      ver: "1.0",
      xms_mirid: "/subscriptions/s1/resourcegroups/RG/providers/Microsoft.Compute/virtualMachines/vm1",
      xms_az_rid: "/subscriptions/s1/resourcegroups/RG/providers/Microsoft.Compute/virtualMachines/vm1",
    });
    expect(typeof claims.uti).toBe("string");
    const now = Math.floor(Date.now() / 1000);
    expect(answer.expiresOn - now).toBeGreaterThan(86_000);
    expect(answer.expiresIn).toBeGreaterThan(86_000);
    expect(claims.exp).toBe(answer.expiresOn);
    expect((await verifyAccessToken(answer.accessToken, { keys: jwks, audiences: ARM_AUDIENCES, tenantId })).ok).toBe(true);
  });

  it("selects an attached user-assigned identity by client id, object id or resource id", async () => {
    const { tokens, secret } = await setup();
    for (const selector of [
      selectorFromQuery(new URLSearchParams({ client_id: uai.clientId })),
      selectorFromQuery(new URLSearchParams({ object_id: uai.principalId.toUpperCase() })),
      selectorFromQuery(new URLSearchParams({ principal_id: uai.principalId })),
      selectorFromQuery(new URLSearchParams({ mi_res_id: uaiId.toLowerCase() })),
      selectorFromQuery(new URLSearchParams({ msi_res_id: uaiId })),
      selectorFromQuery(new URLSearchParams({ clientid: uai.clientId })),
    ]) {
      const claims = decodeJwt((await tokens.issue({ secret, selector, resource: "api://x" })).accessToken);
      expect(claims).toMatchObject({ oid: uai.principalId, appid: uai.clientId, xms_mirid: uaiId.replace("resourceGroups", "resourcegroups") });
      expect(claims.xms_az_rid).toContain("virtualMachines/vm1");
    }
  });

  it("answers Identity not found for an unattached identity, an unknown secret, or no system identity", async () => {
    const { tokens, secret, secrets } = await setup();
    await notFound(tokens.issue({ secret, selector: { kind: "clientId", value: other.clientId }, resource: "api://x" }));
    await notFound(tokens.issue({ secret: "nope", selector: { kind: "system" }, resource: "api://x" }));
    const bare = secrets.secretFor(parseResourceId(uaiId.replace("uai1", "uai9")));
    await notFound(tokens.issue({ secret: bare, selector: { kind: "system" }, resource: "api://x" }));
    expect(() => selectorFromQuery(new URLSearchParams({ client_id: "a", object_id: "b" }))).toThrow(ManagedIdentityEndpointError);
  });
});

describe("strict-mode token verification", () => {
  it("names what is wrong: signature, audience, expiry, absence", async () => {
    const { tokens, secret, jwks } = await setup();
    const graphToken = (await tokens.issue({ secret, selector: { kind: "system" }, resource: "https://graph.microsoft.com" })).accessToken;
    expect(await verifyAccessToken(graphToken, { keys: jwks, audiences: ARM_AUDIENCES, tenantId })).toMatchObject({ ok: false, reason: "audience" });
    const foreign = await new SignJWT({ aud: "https://management.azure.com/" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setExpirationTime("1h")
      .sign((await generateKeyPair("RS256")).privateKey);
    expect(await verifyAccessToken(foreign, { keys: jwks, audiences: ARM_AUDIENCES, tenantId })).toMatchObject({ ok: false, reason: "signature" });
    const armToken = (await tokens.issue({ secret, selector: { kind: "system" }, resource: "https://management.azure.com" })).accessToken;
    const later = Math.floor(Date.now() / 1000) + 2 * 86_400;
    expect(await verifyAccessToken(armToken, { keys: jwks, audiences: ARM_AUDIENCES, tenantId, now: later })).toMatchObject({ ok: false, reason: "expired" });
    expect(await verifyAccessToken(undefined, { keys: jwks, audiences: ARM_AUDIENCES, tenantId })).toEqual({ ok: false, reason: "missing" });
    expect(await verifyAccessToken("abc.def", { keys: jwks, audiences: ARM_AUDIENCES, tenantId })).toMatchObject({ ok: false, reason: "malformed" });
  });
});
