/**
 * Strict mode (--auth strict): ARM and Graph accept only azmi tokens for them, and ARM lets a
 * caller do only what its role assignments allow. The operator application (documented default
 * credentials) is Owner at the tenant root and sets everything up; a VM's managed identity
 * gets what Azure would give it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { generateKeyPair, SignJWT } from "jose";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { ARM_SCOPE, clientCredentialsLogin, credentialOf, operatorCredential } from "../support/sign-in.js";
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

const operator = () => operatorCredential(azmi);

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
  const answer = await fetch(`${base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/`, {
    headers: { Metadata: "true" },
  });
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
    const login = (clientId: string, secret: string) => clientCredentialsLogin(azmi, clientId, secret, ARM_SCOPE);
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
    const token = await credentialOf(azmi, appId, password.json.secretText).getToken(ARM_SCOPE);
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

    const createIdentity = await armAs(
      miToken,
      "PUT",
      `${ids.groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/by-mi?api-version=2023-01-31`,
      {
        location: "westeurope",
      },
    );
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
    expect(
      assignments.json.value.some(
        (a: { properties: { scope: string; roleDefinitionId: string } }) =>
          a.properties.scope === "/" && a.properties.roleDefinitionId.endsWith("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
      ),
    ).toBe(true);
    expect((await armAs(operatorToken, "DELETE", uai)).status).toBe(200);
  });
});

describe("what azmi advertises, azmi accepts (issue 21)", () => {
  const tokenFor = (scope: string, tenant = azmi.tenantId) =>
    clientCredentialsLogin(azmi, DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET, scope, tenant);

  it("accepts at ARM and at Graph a token for each audience the cloud metadata advertises, as az and Terraform ask for it", async () => {
    const metadata = (await (await fetch(`${azmi.url}/metadata/endpoints?api-version=2022-09-01`)).json()) as {
      resourceManager: string;
      microsoftGraphResourceId: string;
      graphAudience: string;
      authentication: { audiences: string[] };
    };
    expect(metadata.resourceManager).toBe(`${azmi.url}/`);
    const armResources = [metadata.resourceManager, ...metadata.authentication.audiences];
    for (const resource of armResources) {
      // az keeps the trailing slash (`X//.default`); Terraform and the SDKs send `X/.default`.
      for (const scope of [`${resource}/.default`, `${resource.replace(/\/$/, "")}/.default`]) {
        const answer = await tokenFor(scope);
        expect(answer.status).toBe(200);
        const { access_token } = (await answer.json()) as { access_token: string };
        const res = await armAs(access_token, "GET", `/subscriptions/${azmi.subscriptionId}?api-version=2022-12-01`);
        expect([scope, res.status]).toEqual([scope, 200]);
      }
    }
    for (const resource of [metadata.microsoftGraphResourceId, metadata.graphAudience]) {
      const { access_token } = (await (await tokenFor(`${resource}/.default`)).json()) as { access_token: string };
      expect((await armAs(access_token, "GET", "/v1.0/servicePrincipals?$top=1")).status).toBe(200);
    }
  });

  it("refuses at ARM a token for an origin azmi did not advertise there", async () => {
    const { access_token } = (await (await tokenFor("https://127.0.0.1:1/.default")).json()) as { access_token: string };
    const res = await armAs(access_token, "GET", `/subscriptions/${azmi.subscriptionId}?api-version=2022-12-01`);
    expect([res.status, res.json.error.code]).toEqual([401, "InvalidAuthenticationTokenAudience"]);
    expect(res.headers.get("www-authenticate")).toMatch(
      /^Bearer authorization_uri="[^"]+", error="invalid_token", error_description="The access token has been obtained for wrong audience/,
    );
  });

  it("answers AADSTS90002 at the token endpoint of a tenant azmi does not serve", async () => {
    const answer = await tokenFor("https://management.azure.com/.default", "72f988bf-86f1-41af-91ab-2d7cd011db47");
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: string; error_codes: number[]; error_description: string };
    expect(body.error).toBe("invalid_request");
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toContain("Tenant '72f988bf-86f1-41af-91ab-2d7cd011db47' not found");
  });

  it("refuses at ARM another tenant's token signed with azmi's own key, naming this tenant's authority in the challenge", async () => {
    const other = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: "https://management.azure.com/",
      iss: `https://sts.windows.net/${other}/`,
      tid: other,
      oid: randomUUID(),
      iat: now,
      nbf: now,
      exp: now + 3600,
    };
    const token = await azmi.services.signingKeys.sign(claims);
    const res = await armAs(token, "GET", `/subscriptions/${azmi.subscriptionId}?api-version=2022-12-01`);
    expect([res.status, res.json.error.code]).toEqual([401, "InvalidAuthenticationTokenTenant"]);
    expect(res.json.error.message).toContain(`must match the tenant 'https://sts.windows.net/${azmi.tenantId}/'`);
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="${azmi.url}/${azmi.tenantId}", error="invalid_token", error_description="The access token is from the wrong issuer. It must match the tenant associated with this subscription. Please use correct authority to get the token."`,
    );
    // The same token at Graph: refused too.
    expect(
      (await armAs(await azmi.services.signingKeys.sign({ ...claims, aud: "https://graph.microsoft.com" }), "GET", "/v1.0/servicePrincipals")).status,
    ).toBe(401);
  });

  it("refuses a token azmi's key signed without exp, and answers ARM's challenge when no token is sent", async () => {
    const now = Math.floor(Date.now() / 1000);
    const noExp = await azmi.services.signingKeys.sign({
      aud: "https://management.azure.com/",
      iss: `https://sts.windows.net/${azmi.tenantId}/`,
      tid: azmi.tenantId,
      oid: DEFAULT_OPERATOR_CLIENT_ID,
      iat: now,
      nbf: now,
    });
    const res = await armAs(noExp, "GET", `/subscriptions/${azmi.subscriptionId}?api-version=2022-12-01`);
    expect([res.status, res.json.error.code]).toEqual([401, "InvalidAuthenticationToken"]);
    const none = await armAs(undefined, "GET", `/subscriptions/${azmi.subscriptionId}?api-version=2022-12-01`);
    expect(none.headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="${azmi.url}/", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    );
  });
});
