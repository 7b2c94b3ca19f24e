/**
 * Rolling an application's certificate with Graph's addKey and removeKey, in strict mode: the
 * caller needs the right to change the application's credentials and a proof of possession, a
 * JWT signed with a certificate the application already has. A new certificate logs in at once
 * (ClientCertificateCredential), a removed one no longer does; a proof signed by any other key,
 * for another audience, or valid too long is refused and changes nothing.
 */
import { randomUUID, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { ClientCertificateCredential } from "@azure/identity";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { GRAPH_SCOPE, imdsToken, operatorToken } from "../support/sign-in.js";
import { ok } from "../support/token-checks.js";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const RSA = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" } as const;
const PROOF_AUDIENCE = "00000002-0000-0000-c000-000000000000";

interface Certificate {
  readonly pem: string;
  readonly keyPem: string;
  readonly base64: string;
}

async function selfSigned(name: string): Promise<Certificate> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: RSA,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END PRIVATE KEY-----\n`;
  return { pem: cert.toString("pem"), keyPem, base64: Buffer.from(cert.rawData).toString("base64") };
}

async function proof(signer: Certificate, issuer: string, options: { audience?: string; lifetimeSeconds?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setAudience(options.audience ?? PROOF_AUDIENCE)
    .setIssuer(issuer)
    .setNotBefore(now)
    .setExpirationTime(now + (options.lifetimeSeconds ?? 600))
    .sign(await importPKCS8(signer.keyPem, "RS256"));
}

let azmi: TestAzmi;
let graphToken: string;
let app: { id: string; appId: string };
let first: Certificate;
let second: Certificate;

const graph = (method: string, path: string, body?: unknown, token = graphToken) =>
  azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${token}` });
const logsIn = (certificate: Certificate) =>
  new ClientCertificateCredential(
    azmi.tenantId,
    app.appId,
    { certificate: `${certificate.pem}\n${certificate.keyPem}` },
    { authorityHost: azmi.url, disableInstanceDiscovery: true },
  )
    .getToken("https://management.azure.com/.default")
    .then(
      () => true,
      () => false,
    );
const keyIds = async () => ((await graph("GET", `/applications/${app.id}`)).json.keyCredentials as Array<{ keyId: string }>).map((k) => k.keyId);
const addKey = async (signer: Certificate, options?: Parameters<typeof proof>[2], token?: string) =>
  graph(
    "POST",
    `/applications/${app.id}/addKey`,
    {
      keyCredential: { type: "AsymmetricX509Cert", usage: "Verify", key: second.base64 },
      passwordCredential: null,
      proof: await proof(signer, app.id, options),
    },
    token,
  );

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  graphToken = await operatorToken(azmi, GRAPH_SCOPE);
  first = await selfSigned("deployer-2026");
  second = await selfSigned("deployer-2027");
  const created = await graph("POST", "/applications", {
    displayName: "deployer",
    keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: first.base64 }],
  });
  expect(created.status).toBe(201);
  app = { id: created.json.id, appId: created.json.appId };
  expect((await graph("POST", "/servicePrincipals", { appId: app.appId })).status).toBe(201);
});
afterAll(() => azmi?.stop());

describe("addKey and removeKey", () => {
  it("refuse a proof not signed by one of the application's certificates, for another audience, or valid too long", async () => {
    const before = await keyIds();
    const stranger = await selfSigned("stranger");
    for (const refused of [
      await addKey(stranger),
      await addKey(first, { audience: "https://graph.microsoft.com" }),
      await addKey(first, { lifetimeSeconds: 3600 }),
    ]) {
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: "Request_BadRequest", message: expect.stringMatching(/^The proof of possession is not valid: /) });
    }
    expect(await keyIds()).toEqual(before);
    expect(await logsIn(second)).toBe(false);
  });

  it("refuse a caller without the right to change the application's credentials, proof or not", async () => {
    const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-keys`;
    const armToken = await operatorToken(azmi, "https://management.azure.com/.default");
    await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, armToken);
    const vm = `${group}/providers/Microsoft.Compute/virtualMachines/vm`;
    await ok(azmi, "PUT", `${vm}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } }, armToken);
    const refused = await addKey(first, undefined, await imdsToken(azmi, vm, "https://graph.microsoft.com"));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("Authorization_RequestDenied");
    expect(await logsIn(second)).toBe(false);
  });

  it("add a certificate that logs in at once, proven with the one the application has", async () => {
    const added = await addKey(first);
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ keyId: expect.any(String), type: "AsymmetricX509Cert", usage: "Verify", displayName: "CN=deployer-2027", key: null });
    expect(await keyIds()).toContain(added.json.keyId);
    expect(await logsIn(second)).toBe(true);
    expect(await logsIn(first)).toBe(true);
  });

  it("remove the old certificate, proven with the new one; the old one no longer logs in", async () => {
    const credentials = (await graph("GET", `/applications/${app.id}`)).json.keyCredentials as Array<{ keyId: string; displayName: string }>;
    const old = credentials.find((k) => k.displayName === "CN=deployer-2026")!;
    const missing = await graph("POST", `/applications/${app.id}/removeKey`, { keyId: randomUUID(), proof: await proof(second, app.id) });
    expect(missing.status).toBe(400);
    const removed = await graph("POST", `/applications/${app.id}/removeKey`, { keyId: old.keyId, proof: await proof(second, app.id) });
    expect(removed.status).toBe(204);
    expect(await keyIds()).not.toContain(old.keyId);
    expect(await logsIn(first)).toBe(false);
    expect(await logsIn(second)).toBe(true);
  });

  it("cannot be used by an application without a certificate", async () => {
    const bare = await graph("POST", "/applications", { displayName: "no-certificate" });
    const refused = await graph("POST", `/applications/${bare.json.id}/addKey`, {
      keyCredential: { type: "AsymmetricX509Cert", usage: "Verify", key: second.base64 },
      proof: await proof(second, bare.json.id),
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain("no valid certificate to prove possession with");
  });
});
