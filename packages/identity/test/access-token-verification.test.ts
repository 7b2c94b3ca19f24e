/**
 * Strict mode's token check, from the attacker's side: each token below is signed with azmi's own
 * key (a token azmi issued in permissive mode, or one an attacker got minted elsewhere) and is
 * wrong in exactly one claim. Each would have been accepted before the check was complete.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from "jose";
import { ARM_AUDIENCES, verifyAccessToken } from "../src/tokens/access-token-verification.js";

const tenantId = "00000000-0000-0000-0000-000000000000";
const otherTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const now = 1_800_000_000;
let keys: JSONWebKeySet;
let sign: (claims: JWTPayload) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  keys = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "k1" }).sign(privateKey);
});

const good = (): JWTPayload => ({
  aud: "https://management.azure.com/",
  iss: `https://sts.windows.net/${tenantId}/`,
  tid: tenantId,
  oid: "11111111-1111-1111-1111-111111111111",
  iat: now - 300,
  nbf: now - 300,
  exp: now + 3600,
});

const verify = async (claims: JWTPayload, loginBases: readonly string[] = []) =>
  verifyAccessToken(await sign(claims), { keys, audiences: ARM_AUDIENCES, tenantId, loginBases, now });

describe("a token signed by azmi's key is accepted only when every claim is right", () => {
  it("accepts this tenant's v1 and v2 issuers (v2 at Entra's host or at the login URL azmi advertised)", async () => {
    expect((await verify(good())).ok).toBe(true);
    expect((await verify({ ...good(), iss: `https://login.microsoftonline.com/${tenantId}/v2.0` })).ok).toBe(true);
    expect((await verify({ ...good(), iss: `https://127.0.0.1:4566/${tenantId}/v2.0` }, ["https://127.0.0.1:4566/"])).ok).toBe(true);
  });

  it("refuses another tenant's token, by issuer or by tid", async () => {
    expect(await verify({ ...good(), iss: `https://sts.windows.net/${otherTenant}/`, tid: otherTenant })).toMatchObject({ ok: false, reason: "tenant" });
    expect(await verify({ ...good(), tid: otherTenant })).toMatchObject({ ok: false, reason: "tenant" });
    expect(await verify({ ...good(), iss: `https://login.microsoftonline.com/${otherTenant}/v2.0` })).toMatchObject({ ok: false, reason: "tenant" });
  });

  it("refuses an issuer that is not this tenant's token service, and a v2 issuer at a host azmi did not advertise", async () => {
    expect(await verify({ ...good(), iss: "https://127.0.0.1:4566/_azmi/issuer" })).toMatchObject({ ok: false, reason: "issuer" });
    expect(await verify({ ...good(), iss: `https://evil.example/${tenantId}/v2.0` })).toMatchObject({ ok: false, reason: "issuer" });
  });

  it("refuses a token without exp, iss or tid", async () => {
    const { exp: _exp, ...noExp } = good();
    expect(await verify(noExp)).toMatchObject({ ok: false, reason: "claims" });
    const { iss: _iss, ...noIss } = good();
    expect(await verify(noIss)).toMatchObject({ ok: false, reason: "claims" });
    const { tid: _tid, ...noTid } = good();
    expect(await verify(noTid)).toMatchObject({ ok: false, reason: "claims" });
  });

  it("allows five minutes of skew on exp and nbf, and not a second more", async () => {
    expect((await verify({ ...good(), exp: now - 299 })).ok).toBe(true);
    expect(await verify({ ...good(), exp: now - 301 })).toMatchObject({ ok: false, reason: "expired" });
    expect((await verify({ ...good(), nbf: now + 299 })).ok).toBe(true);
    expect(await verify({ ...good(), nbf: now + 301 })).toMatchObject({ ok: false, reason: "notYetValid" });
  });

  it("refuses a token for another service or for an origin azmi did not advertise to ARM", async () => {
    expect(await verify({ ...good(), aud: "https://vault.azure.net" })).toMatchObject({ ok: false, reason: "audience" });
    expect(await verify({ ...good(), aud: "https://127.0.0.1:48227" })).toMatchObject({ ok: false, reason: "audience" });
  });

  it("refuses a token that is not RS256 with azmi's key", async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(good())).toString("base64url")}.`;
    expect(await verifyAccessToken(unsigned, { keys, audiences: ARM_AUDIENCES, tenantId, now })).toMatchObject({ ok: false });
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(good()).setProtectedHeader({ alg: "RS256", kid: "k1" }).sign(privateKey);
    expect(await verifyAccessToken(forged, { keys, audiences: ARM_AUDIENCES, tenantId, now })).toMatchObject({ ok: false, reason: "signature" });
  });
});

describe("a token accepted once is judged again on every use", () => {
  const verifyAt = (token: string, at: number, keySet = keys, revokedBy?: (claims: JWTPayload) => number | undefined) =>
    verifyAccessToken(token, { keys: keySet, audiences: ARM_AUDIENCES, tenantId, now: at, ...(revokedBy ? { revocations: { revokedBy } } : {}) });

  it("is refused once its lifetime (with the five minutes of skew) is over, and before it starts", async () => {
    const token = await sign({ ...good(), nbf: now, exp: now + 600 });
    expect((await verifyAt(token, now)).ok).toBe(true);
    expect((await verifyAt(token, now + 899)).ok).toBe(true);
    expect(await verifyAt(token, now + 900)).toMatchObject({ ok: false, reason: "expired" });
    expect(await verifyAt(token, now - 301)).toMatchObject({ ok: false, reason: "notYetValid" });
    expect((await verifyAt(token, now)).ok).toBe(true);
  });

  it("is refused under a key set without its key (rotation), and accepted again under one with it", async () => {
    const token = await sign(good());
    expect((await verifyAt(token, now)).ok).toBe(true);
    const { publicKey } = await generateKeyPair("RS256");
    const rotated: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid: "k2", alg: "RS256", use: "sig" }] };
    expect(await verifyAt(token, now, rotated)).toMatchObject({ ok: false, reason: "signature" });
    expect((await verifyAt(token, now, { keys: [...rotated.keys, ...keys.keys] })).ok).toBe(true);
  });

  it("is refused once its principal's tokens are revoked", async () => {
    const token = await sign(good());
    expect((await verifyAt(token, now, keys, () => undefined)).ok).toBe(true);
    expect(await verifyAt(token, now, keys, () => now - 10)).toMatchObject({ ok: false, reason: "revoked" });
  });
});
