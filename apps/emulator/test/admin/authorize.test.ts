/**
 * POST /_azmi/authorize over HTTP: a VM's managed identity asks for a vault-audience token through
 * IMDS, as an app would; another emulator asks azmi whether that token may read a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { identityEnvironmentOf, ok } from "../support/token-checks.js";

const SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
const GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
const SET_SECRET = "Microsoft.KeyVault/vaults/secrets/setSecret/action";

let azmi: TestAzmi;
let vaultId: string;
let vmPrincipalId: string;
let assignmentName: string;
let vaultToken: string;
let armToken: string;

const ask = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${azmi.url}/_azmi/authorize`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

async function imdsToken(resourceId: string, resource: string): Promise<string> {
  const base = (await identityEnvironmentOf(azmi, resourceId)).AZURE_POD_IDENTITY_AUTHORITY_HOST!;
  const answer = await fetch(`${base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(resource)}`, {
    headers: { Metadata: "true" },
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  azmi = await startTestAzmi();
  const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-authorize`;
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" });
  vaultId = `${group}/providers/Microsoft.KeyVault/vaults/kv-authorize`;
  await ok(azmi, "PUT", `${vaultId}?api-version=2023-07-01`, {
    location: "westeurope",
    properties: { tenantId: azmi.tenantId, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true },
  });
  const vmId = `${group}/providers/Microsoft.Compute/virtualMachines/vm-authorize`;
  const vm = await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } });
  vmPrincipalId = vm.identity.principalId;
  assignmentName = "6c1a4c4e-7a39-4c5d-9b0e-0d6f2f0a1b11";
  await ok(azmi, "PUT", `${vaultId}/secrets/db-password/providers/Microsoft.Authorization/roleAssignments/${assignmentName}?api-version=2022-04-01`, {
    properties: {
      roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
      principalId: vmPrincipalId,
    },
  });
  vaultToken = await imdsToken(vmId, "https://vault.azure.net");
  armToken = await imdsToken(vmId, "https://management.azure.com/");
});

afterAll(async () => {
  await azmi?.stop();
});

describe("POST /_azmi/authorize", () => {
  it("allows what the identity's role assignment grants, naming the principal and the assignments considered", async () => {
    const res = await ask({ token: vaultToken, action: GET_SECRET, scope: `${vaultId}/secrets/db-password` });
    expect(res.status).toBe(200);
    const decision = res.body;
    expect(decision).toMatchObject({
      allowed: true,
      principalId: vmPrincipalId,
      principalType: "ServicePrincipal",
      reason: expect.stringContaining("Key Vault Secrets User"),
    });
    expect(decision.considered).toHaveLength(1);
    expect(decision.considered[0]).toMatchObject({ type: "roleAssignment", name: assignmentName, roleName: "Key Vault Secrets User", granted: true });
  });

  it("consults azmi's deny assignments before the roles", async () => {
    const secret = `${vaultId}/secrets/db-password`;
    const deny = azmi.services.rbac.denyAssignments.put({
      name: "0b7c3d51-7b0e-4c0e-9a53-7e1b5f0e0d11",
      scope: vaultId,
      denyAssignmentName: "no secret reads",
      permissions: [{ actions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/*"] }],
      principals: [{ id: "00000000-0000-0000-0000-000000000000", type: "SystemDefined" }],
    });
    try {
      const decision = (await ask({ token: vaultToken, action: GET_SECRET, scope: secret })).body;
      expect(decision).toMatchObject({ allowed: false, reason: expect.stringContaining("deny assignment 'no secret reads'") });
      expect(decision.considered[0]).toMatchObject({ type: "denyAssignment", name: "no secret reads", denied: true });
    } finally {
      azmi.services.rbac.denyAssignments.delete(deny);
    }
    expect((await ask({ token: vaultToken, action: GET_SECRET, scope: secret })).body.allowed).toBe(true);
  });

  it("a role at one secret reaches that secret only", async () => {
    const decision = (await ask({ token: vaultToken, action: GET_SECRET, scope: `${vaultId}/secrets/other` })).body;
    expect(decision).toMatchObject({ allowed: false, considered: [], reason: expect.stringContaining("no role assignment of the principal applies") });
  });

  it("refuses what the role does not grant, and says why", async () => {
    const decision = (await ask({ token: vaultToken, action: SET_SECRET, scope: `${vaultId}/secrets/db-password` })).body;
    expect(decision).toMatchObject({ allowed: false, principalId: vmPrincipalId, considered: [{ granted: false, reason: "not in the role's dataActions" }] });
  });

  it("an invalid token is a refusal with the token's error, not an error", async () => {
    const forged = (await ask({ token: `${vaultToken.slice(0, -4)}AAAA`, action: GET_SECRET, scope: vaultId })).body;
    expect(forged).toMatchObject({ allowed: false, tokenError: "signature", reason: expect.stringContaining("invalid token") });
    const armAudience = await ask({ token: armToken, action: GET_SECRET, scope: vaultId });
    expect(armAudience.status).toBe(200);
    expect(armAudience.body).toMatchObject({ allowed: false, tokenError: "audience" });
    // The same ARM token is what a control-plane action wants.
    expect((await ask({ token: armToken, action: "Microsoft.KeyVault/vaults/secrets/write", scope: `${vaultId}/secrets/db-password` })).body).toMatchObject({
      allowed: false,
      principalId: vmPrincipalId,
      considered: [{ roleName: "Key Vault Secrets User", granted: false, reason: "not in the role's actions" }],
    });
  });

  it.each([
    ["not JSON", "{token:", "the body is not JSON"],
    ["no action", { token: "x", scope: "/subscriptions/x" }, "'action'"],
    ["a scope that is no resource id", { token: "x", action: GET_SECRET, scope: "vaults/kv" }, "'scope'"],
    [
      "an unknown data plane without an audience",
      { token: "x", action: "Contoso.Notes/notes/read", kind: "dataAction", scope: "/subscriptions/x" },
      "'audience'",
    ],
  ])("a malformed question (%s) is 400 InvalidRequestContent", async (_name, body, detail) => {
    const res = await ask(body);
    expect(res.status).toBe(400);
    const { error } = res.body;
    expect(error.code).toBe("InvalidRequestContent");
    expect(error.message).toContain(detail);
  });

  it("follows the admin surface's rules: JSON only, no foreign web page", async () => {
    const plain = await ask({ token: vaultToken, action: GET_SECRET, scope: vaultId }, { "content-type": "text/plain" });
    expect([plain.status, plain.body.error.code]).toEqual([415, "UnsupportedMediaType"]);
    const foreign = await ask({ token: vaultToken, action: GET_SECRET, scope: vaultId }, { origin: "https://evil.example" });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, "OriginNotAllowed"]);
  });
});
