/**
 * Strict mode (--auth strict): ARM and Graph accept only azmi tokens for them, and ARM lets a
 * caller do only what its role assignments allow. The operator application (documented default
 * credentials) is Owner at the tenant root and sets everything up; a VM's managed identity
 * gets what Azure would give it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import { generateKeyPair, SignJWT } from "jose";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createIdentities, identityEnvironmentOf, ok, verifyWithAzmiJwks, type IdentityFixture } from "../support/token-checks.js";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
let azmi: TestAzmi;
let operatorToken: string;
let ids: IdentityFixture;
let vmId: string;
let vmPrincipalId: string;
let vmClientId: string;
let miToken: string;

const operator = () =>
  new ClientSecretCredential(azmi.tenantId, DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET, { authorityHost: azmi.url, disableInstanceDiscovery: true });

const armAs = (token: string | undefined, method: string, path: string, body?: unknown) =>
  azmi.request(method, path, body, token === undefined ? {} : { authorization: `Bearer ${token}` });

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  operatorToken = (await operator().getToken("https://management.azure.com/.default")).token;
  ids = await createIdentities(azmi, "rg-strict", operatorToken);
  vmId = `${ids.groupId}/providers/Microsoft.Compute/virtualMachines/vm-strict`;
  const vm = await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } }, operatorToken);
  vmPrincipalId = vm.identity.principalId;
  const base = (await identityEnvironmentOf(azmi, vmId)).AZURE_POD_IDENTITY_AUTHORITY_HOST!;
  const answer = await fetch(`${base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/`, { headers: { Metadata: "true" } });
  const body = (await answer.json()) as { access_token: string; client_id: string };
  miToken = body.access_token;
  vmClientId = body.client_id;
});

afterAll(async () => {
  await azmi?.stop();
});

describe("authentication", () => {
  it("refuses ARM requests without a token, with a foreign signature, or for another audience", async () => {
    const rg = `${ids.groupId}?api-version=2021-04-01`;
    const none = await armAs(undefined, "GET", rg);
    expect([none.status, none.json.error.code]).toEqual([401, "AuthenticationFailed"]);

    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ aud: "https://management.azure.com/", oid: vmPrincipalId, tid: azmi.tenantId })
      .setProtectedHeader({ alg: "RS256", kid: "forged" })
      .setIssuer(`https://sts.windows.net/${azmi.tenantId}/`)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const foreign = await armAs(forged, "GET", rg);
    expect([foreign.status, foreign.json.error.code]).toEqual([401, "InvalidAuthenticationToken"]);

    const graphToken = (await operator().getToken("https://graph.microsoft.com/.default")).token;
    const wrongAudience = await armAs(graphToken, "GET", rg);
    expect([wrongAudience.status, wrongAudience.json.error.code]).toEqual([401, "InvalidAuthenticationTokenAudience"]);
    expect(wrongAudience.json.error.message).toContain("'https://management.azure.com/'");
  });

  it("refuses Graph requests without a Graph token, in Graph's envelope", async () => {
    const res = await armAs(operatorToken, "GET", "/v1.0/servicePrincipals");
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience." });
    expect(res.json.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
    const graphToken = (await operator().getToken("https://graph.microsoft.com/.default")).token;
    expect((await armAs(graphToken, "GET", "/v1.0/servicePrincipals")).status).toBe(200);
  });

  it("lets only registered clients log in with client credentials", async () => {
    const login = (clientId: string, secret: string) =>
      fetch(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, scope: "https://management.azure.com/.default" }),
      });
    const stranger = await login(randomUUID(), "whatever");
    expect(stranger.status).toBe(400);
    expect(((await stranger.json()) as { error_codes: number[] }).error_codes).toEqual([700016]);
    const wrongSecret = await login(DEFAULT_OPERATOR_CLIENT_ID, "not-the-secret");
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error_codes: number[] }).error_codes).toEqual([7000215]);

    // An application registered through Graph logs in with the secret addPassword gave.
    const graphToken = (await operator().getToken("https://graph.microsoft.com/.default")).token;
    const app = await armAs(graphToken, "POST", "/v1.0/applications", { displayName: "strict-client" });
    expect(app.status).toBe(201);
    const password = await armAs(graphToken, "POST", `/v1.0/applications/${app.json.id}/addPassword`, { passwordCredential: { displayName: "ci" } });
    expect(password.status).toBe(200);
    const appId = app.json.appId as string;
    expect((await login(appId, "wrong")).status).toBe(401);
    const token = await new ClientSecretCredential(azmi.tenantId, appId, password.json.secretText, { authorityHost: azmi.url, disableInstanceDiscovery: true }).getToken(
      "https://management.azure.com/.default",
    );
    expect((await verifyWithAzmiJwks(azmi, token.token)).appid).toBe(appId);
  });
});

describe("authorization", () => {
  it("denies a managed identity without a role, explaining why", async () => {
    const res = await armAs(miToken, "GET", `${ids.groupId}?api-version=2021-04-01`);
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({
      code: "AuthorizationFailed",
      message: `The client '${vmClientId}' with object id '${vmPrincipalId}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourceGroups/read' over scope '${ids.groupId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    expect(res.headers.get("x-azmi-authorization")).toMatch(/no role assignment/);
  });

  it("allows reading after Reader is assigned at the subscription, and still denies writing", async () => {
    const assignment = `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`;
    await ok(
      azmi,
      "PUT",
      assignment,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
          principalId: vmPrincipalId,
          principalType: "ServicePrincipal",
        },
      },
      operatorToken,
    );
    const read = await armAs(miToken, "GET", `${ids.groupId}?api-version=2021-04-01`);
    expect(read.status).toBe(200);
    expect(read.json.name).toBe("rg-strict");

    const write = await armAs(miToken, "PUT", `${ids.groupId}?api-version=2021-04-01`, { location: "westeurope", tags: { by: "mi" } });
    expect(write.status).toBe(403);
    expect(write.json.error.message).toContain("'Microsoft.Resources/subscriptions/resourceGroups/write'");
    expect(write.headers.get("x-azmi-authorization")).toMatch(/'Reader' at '\/subscriptions\/[^']+'.*not in the role's actions/);

    const createIdentity = await armAs(miToken, "PUT", `${ids.groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/by-mi?api-version=2023-01-31`, {
      location: "westeurope",
    });
    expect(createIdentity.status).toBe(403);
    expect(createIdentity.json.error.message).toContain("'Microsoft.ManagedIdentity/userAssignedIdentities/write'");
  });

  it("lets the operator do everything", async () => {
    const uai = `${ids.groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/by-operator?api-version=2023-01-31`;
    expect((await armAs(operatorToken, "PUT", uai, { location: "westeurope" })).status).toBe(201);
    expect((await armAs(operatorToken, "GET", `/subscriptions?api-version=2022-12-01`)).status).toBe(200);
    expect((await armAs(operatorToken, "PUT", `${ids.groupId}?api-version=2021-04-01`, { location: "westeurope", tags: { by: "operator" } })).status).toBe(200);
    const assignments = await armAs(operatorToken, "GET", `/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`);
    expect(assignments.status).toBe(200);
    expect(assignments.json.value.some((a: { properties: { scope: string; roleDefinitionId: string } }) => a.properties.scope === "/" && a.properties.roleDefinitionId.endsWith("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"))).toBe(true);
    expect((await armAs(operatorToken, "DELETE", uai)).status).toBe(200);
  });
});
