import { describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, SignJWT, calculateJwkThumbprint, type JWK } from "jose";
import { MemoryStore } from "@azmi/arm-core";
import { TestIssuer, testIssuerUrl, TOKEN_EXCHANGE_AUDIENCE } from "../src/tokens/test-issuer.js";
import { validateClientAssertion, type AssertionDirectory, type FederatedCredentialMatch, type RegisteredCertificate } from "../src/tokens/client-assertion.js";
import { EntraError, entraErrorBody } from "../src/tokens/entra-errors.js";
import { claimsMatch } from "../src/tokens/claims-matching-expression.js";

const clientId = "11111111-2222-3333-4444-555555555555";
const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const issuer = testIssuerUrl("http://127.0.0.1:4566");
const tokenEndpoint = `https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`;

function directoryWith(testIssuer: TestIssuer, fics: FederatedCredentialMatch[] | undefined, certs?: RegisteredCertificate[]): AssertionDirectory {
  return {
    federatedCredentials: (id) => (id === clientId ? fics : undefined),
    certificates: (id) => (id === clientId ? certs : undefined),
    issuerKeys: async (iss) => (iss === issuer ? testIssuer.jwks() : undefined),
  };
}

async function rejection(promise: Promise<unknown>): Promise<EntraError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EntraError) return err;
    throw err;
  }
  throw new Error("expected an EntraError");
}

const request = (assertion: string, strict = false) => ({ clientId, assertion, tenantId, tokenEndpoints: [tokenEndpoint], strict });

describe("federated client assertions", () => {
  const fic: FederatedCredentialMatch = { issuer, subject: "system:serviceaccount:default:app", audiences: [TOKEN_EXCHANGE_AUDIENCE] };

  it("accepts a test-issuer token matching a federated credential, signature checked", async () => {
    const testIssuer = new TestIssuer(new MemoryStore());
    const token = await testIssuer.mint({ issuer, subject: fic.subject });
    const result = await validateClientAssertion(directoryWith(testIssuer, [fic]), request(token, true));
    expect(result.kind).toBe("federated");
    expect(result.signatureChecked).toBe(true);
  });

  it("names the claim that matched nothing, with Entra's codes", async () => {
    const testIssuer = new TestIssuer(new MemoryStore());
    const dir = directoryWith(testIssuer, [fic]);
    const wrongSubject = await testIssuer.mint({ issuer, subject: "system:serviceaccount:default:other" });
    const e1 = await rejection(validateClientAssertion(dir, request(wrongSubject)));
    expect([e1.code, e1.error, e1.status]).toEqual([700213, "invalid_client", 401]);
    expect(e1.message).toContain("system:serviceaccount:default:other");

    const wrongIssuer = await testIssuer.mint({ issuer: "https://elsewhere.example", subject: fic.subject });
    expect((await rejection(validateClientAssertion(dir, request(wrongIssuer)))).code).toBe(700211);

    const wrongAudience = await testIssuer.mint({ issuer, subject: fic.subject, audience: "api://other" });
    expect((await rejection(validateClientAssertion(dir, request(wrongAudience)))).code).toBe(700212);

    const none = await rejection(validateClientAssertion(directoryWith(testIssuer, []), request(wrongSubject)));
    expect([none.code, none.error, none.status]).toEqual([70021, "invalid_request", 400]);

    const unknownClient = await rejection(validateClientAssertion(directoryWith(testIssuer, undefined), request(wrongSubject)));
    expect([unknownClient.code, unknownClient.error]).toEqual([700016, "unauthorized_client"]);
  });

  it("refuses a token from the right issuer URL signed by another key, and an expired one", async () => {
    const testIssuer = new TestIssuer(new MemoryStore());
    const impostor = new TestIssuer(new MemoryStore());
    const forged = await impostor.mint({ issuer, subject: fic.subject });
    expect((await rejection(validateClientAssertion(directoryWith(testIssuer, [fic]), request(forged)))).code).toBe(700027);
    const expired = await testIssuer.mint({ issuer, subject: fic.subject, lifetimeSeconds: -3600 });
    expect((await rejection(validateClientAssertion(directoryWith(testIssuer, [fic]), request(expired)))).code).toBe(700024);
  });

  it("accepts an unknown issuer unsigned only in permissive mode", async () => {
    const testIssuer = new TestIssuer(new MemoryStore());
    const other = "https://token.actions.githubusercontent.com";
    const ghFic = { issuer: other, subject: "repo:o/r:ref:refs/heads/main", audiences: [TOKEN_EXCHANGE_AUDIENCE] };
    const token = await new TestIssuer(new MemoryStore()).mint({ issuer: other, subject: ghFic.subject });
    const ok = await validateClientAssertion(directoryWith(testIssuer, [ghFic]), request(token, false));
    expect(ok.signatureChecked).toBe(false);
    expect((await rejection(validateClientAssertion(directoryWith(testIssuer, [ghFic]), request(token, true)))).code).toBe(700027);
  });

  it("matches a flexible credential by its claims expression (AADSTS7002131 otherwise)", async () => {
    const testIssuer = new TestIssuer(new MemoryStore());
    const flexible = {
      issuer,
      subject: "",
      audiences: [TOKEN_EXCHANGE_AUDIENCE],
      claimsMatchingExpression: "claims['sub'] matches 'system:serviceaccount:payments:*'",
    };
    const dir = directoryWith(testIssuer, [flexible]);
    const inNamespace = await testIssuer.mint({ issuer, subject: "system:serviceaccount:payments:worker" });
    expect((await validateClientAssertion(dir, request(inNamespace, true))).kind).toBe("federated");
    const elsewhere = await testIssuer.mint({ issuer, subject: "system:serviceaccount:billing:worker" });
    expect((await rejection(validateClientAssertion(dir, request(elsewhere, true)))).code).toBe(7002131);
  });

  it("rejects garbage with 50027", async () => {
    const testIssuer = new TestIssuer(new MemoryStore());
    expect((await rejection(validateClientAssertion(directoryWith(testIssuer, [fic]), request("not-a-jwt")))).code).toBe(50027);
  });
});

describe("certificate client assertions", () => {
  async function certificateClient() {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const publicJwk: JWK = await exportJWK(publicKey);
    const x5t = await calculateJwkThumbprint(publicJwk); // any stable id stands in for the SHA-1 thumbprint here
    const sign = (claims: Record<string, unknown>, key = privateKey) =>
      new SignJWT(claims).setProtectedHeader({ alg: "RS256", x5t }).setIssuedAt().setNotBefore("0s").setExpirationTime("10m").sign(key);
    return { publicJwk, x5t, sign };
  }

  it("checks iss = sub = client, aud = token endpoint, and the registered key", async () => {
    const client = await certificateClient();
    const dir = directoryWith(new TestIssuer(new MemoryStore()), [], [{ x5t: client.x5t, publicJwk: client.publicJwk }]);
    const good = await client.sign({ iss: clientId, sub: clientId, aud: tokenEndpoint, jti: "1" });
    const result = await validateClientAssertion(dir, request(good, true));
    expect(result).toMatchObject({ kind: "certificate", signatureChecked: true });

    const wrongAud = await client.sign({ iss: clientId, sub: clientId, aud: "https://login.microsoftonline.com/other/oauth2/token" });
    expect((await rejection(validateClientAssertion(dir, request(wrongAud, true)))).code).toBe(700023);

    const other = await generateKeyPair("RS256");
    const forged = await client.sign({ iss: clientId, sub: clientId, aud: tokenEndpoint }, other.privateKey);
    expect((await rejection(validateClientAssertion(dir, request(forged, true)))).code).toBe(700027);

    const mismatched = await client.sign({ iss: clientId, sub: "someone-else", aud: tokenEndpoint });
    expect((await rejection(validateClientAssertion(dir, request(mismatched, true)))).code).toBe(700021);
  });

  it("accepts an unregistered certificate only in permissive mode", async () => {
    const client = await certificateClient();
    const dir = directoryWith(new TestIssuer(new MemoryStore()), [], undefined);
    const token = await client.sign({ iss: clientId, sub: clientId, aud: tokenEndpoint });
    expect((await validateClientAssertion(dir, request(token, false))).signatureChecked).toBe(false);
    expect((await rejection(validateClientAssertion(dir, request(token, true)))).code).toBe(700016);
    const noCertificates = directoryWith(new TestIssuer(new MemoryStore()), [], []);
    expect((await rejection(validateClientAssertion(noCertificates, request(token, true)))).code).toBe(700027);
  });
});

describe("claims matching expressions", () => {
  it("supports eq and matches joined by and, quoted or not", () => {
    const claims = { sub: "repo:contoso/app:ref:refs/heads/main", job_workflow_ref: "contoso/wf.yml@refs/heads/main" };
    expect(claimsMatch("claims['sub'] matches 'repo:contoso/app:*'", claims)).toBe(true);
    expect(claimsMatch("claims['sub'] matches repo:contoso/*:ref:refs/heads/main", claims)).toBe(true);
    expect(claimsMatch("claims['sub'] matches 'repo:Contoso/app:*'", claims)).toBe(false);
    expect(claimsMatch("claims['sub'] matches 'repo:contoso/app:*' and claims['job_workflow_ref'] eq 'contoso/wf.yml@refs/heads/main'", claims)).toBe(true);
    expect(claimsMatch("claims['sub'] matches 'repo:contoso/app:*' and claims['job_workflow_ref'] eq 'other'", claims)).toBe(false);
    expect(claimsMatch("claims['missing'] eq 'x'", claims)).toBe(false);
    expect(claimsMatch("sub == 'x'", claims)).toBe(false);
  });
});

describe("Entra error body", () => {
  it("has Entra's shape with the trace lines inside error_description", () => {
    const body = entraErrorBody(
      new EntraError(401, "invalid_client", 7000215, "Invalid client secret provided."),
      { traceId: "t", correlationId: "c" },
      new Date("2022-10-31T09:03:41.123Z"),
    );
    expect(body).toEqual({
      error: "invalid_client",
      error_description: "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2022-10-31 09:03:41Z",
      error_codes: [7000215],
      timestamp: "2022-10-31 09:03:41Z",
      trace_id: "t",
      correlation_id: "c",
      error_uri: "https://login.microsoftonline.com/error?code=7000215",
    });
  });
});
