/**
 * Client credentials with a certificate (a self-signed client assertion), as
 * ClientCertificateCredential sends it: in strict mode the certificate must be registered on
 * the application (Graph keyCredentials); the assertion's signature is checked against it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { ClientCertificateCredential } from "@azure/identity";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { verifyWithAzmiJwks } from "../support/token-checks.js";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const RSA = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" } as const;

async function selfSignedPem(): Promise<{ pem: string; der: Buffer }> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=azmi-cert-client",
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: RSA,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END PRIVATE KEY-----\n`;
  return { pem: `${cert.toString("pem")}\n${keyPem}`, der: Buffer.from(cert.rawData) };
}

let azmi: TestAzmi;
let appId: string;
let registered: { pem: string; der: Buffer };

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  registered = await selfSignedPem();
  // The operator registers an application with the certificate through Graph, as `az ad app create` would.
  const graphToken = (await azmi.credential.getToken("https://graph.microsoft.com/.default"))!.token;
  const app = await azmi.request(
    "POST",
    "/v1.0/applications",
    { displayName: "cert-client", keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: registered.der.toString("base64") }] },
    { authorization: `Bearer ${graphToken}` },
  );
  expect(app.status).toBe(201);
  appId = app.json.appId;
});

afterAll(() => azmi?.stop());

const credential = (pem: string, clientId?: string) =>
  new ClientCertificateCredential(azmi.tenantId, clientId ?? appId, { certificate: pem }, { authorityHost: azmi.url, disableInstanceDiscovery: true });

describe("ClientCertificateCredential", () => {
  it("gets a token with the registered certificate", async () => {
    const token = await credential(registered.pem).getToken("https://management.azure.com/.default");
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({ appid: appId, appidacr: "2", aud: "https://management.azure.com/", tid: azmi.tenantId });
  });

  it("is refused with a certificate the application does not hold (AADSTS700027)", async () => {
    const other = await selfSignedPem();
    await expect(credential(other.pem).getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS700027/);
  });

  it("is refused for an application azmi does not know (AADSTS700016)", async () => {
    await expect(credential(registered.pem, randomUUID()).getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS700016/);
  });
});
