/**
 * revokeTokens on a user-assigned identity (Microsoft.ManagedIdentity 2023-07-31-preview): in
 * strict mode the tokens the identity held before the call are refused by ARM and Graph (401); a token
 * fetched right after it (even within the same second) is good.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { ARM_SCOPE, imdsToken, operatorCredential } from "../../support/sign-in.js";
import { assignRole, ok } from "../../support/token-checks.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const PREVIEW = "api-version=2023-07-31-preview";

let azmi: TestAzmi;
let operatorToken: string;
let group: string;
let identityId: string;
let clientId: string;
let vmId: string;

const armAs = (token: string) => azmi.request("GET", `${group}?api-version=2021-04-01`, undefined, { authorization: `Bearer ${token}` });
const graphAs = (token: string) => azmi.request("GET", "/v1.0/organization", undefined, { authorization: `Bearer ${token}` });
const revoke = (id: string, query = PREVIEW) => azmi.request("POST", `${id}/revokeTokens?${query}`, undefined, { authorization: `Bearer ${operatorToken}` });

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  operatorToken = (await operatorCredential(azmi).getToken(ARM_SCOPE)).token;
  group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-revoke`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
  identityId = `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-id`;
  const identity = await ok(azmi, "PUT", `${identityId}?api-version=2023-01-31`, { location: "westeurope" }, operatorToken);
  clientId = identity.properties.clientId;
  await assignRole(azmi, group, READER, identity.properties.principalId, operatorToken);
  vmId = `${group}/providers/Microsoft.Compute/virtualMachines/app`;
  await ok(
    azmi,
    "PUT",
    `${vmId}?api-version=2024-07-01`,
    { location: "westeurope", identity: { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } } },
    operatorToken,
  );
});
afterAll(() => azmi?.stop());

describe("POST userAssignedIdentities/{name}/revokeTokens", () => {
  it("refuses the identity's earlier tokens from then on, and accepts the ones it gets next", async () => {
    const before = await imdsToken(azmi, vmId, "https://management.azure.com/", clientId);
    const graphBefore = await imdsToken(azmi, vmId, "https://graph.microsoft.com/", clientId);
    expect((await armAs(before)).status).toBe(200);
    // Graph takes the token (it is the caller's) and then refuses a read the identity has no permission for.
    expect((await graphAs(graphBefore)).json.error.code).toBe("Authorization_RequestDenied");

    const revoked = await revoke(identityId);
    expect(revoked.status).toBe(200);
    expect(revoked.text).toBe("");

    const refused = await armAs(before);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("InvalidAuthenticationToken");
    expect(refused.json.error.message).toMatch(/revoked/);
    expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const graphRefused = await graphAs(graphBefore);
    expect(graphRefused.status).toBe(401);
    expect(graphRefused.json.error.code).toBe("InvalidAuthenticationToken");

    // Asked for at once: within the same second as the revocation, and still good.
    const after = await imdsToken(azmi, vmId, "https://management.azure.com/", clientId);
    expect((await armAs(after)).status).toBe(200);
    expect((await graphAs(await imdsToken(azmi, vmId, "https://graph.microsoft.com/", clientId))).json.error.code).toBe("Authorization_RequestDenied");
  });

  it("leaves other principals' tokens alone", async () => {
    const vm = await ok(azmi, "GET", `${vmId}?api-version=2024-07-01`, undefined, operatorToken);
    expect(vm.identity.type).toBe("UserAssigned");
    await revoke(identityId);
    expect((await armAs(operatorToken)).status).toBe(200);
  });

  it("is an operation of the preview api-version only, and needs the identity to exist", async () => {
    const stable = await revoke(identityId, "api-version=2023-01-31");
    expect(stable.status).toBe(405);
    expect(stable.json.error.code).toBe("MethodNotAllowed");
    const missing = await revoke(`${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nobody`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("ResourceNotFound");
  });
});
