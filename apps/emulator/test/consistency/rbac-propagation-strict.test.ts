/**
 * --rbac-propagation-delay in strict mode, over HTTP: a role assignment granted to a principal
 * changes what ARM lets it do only once the delay has passed, and a removed one keeps granting
 * until the delay after its removal. The operator's own Owner grant counts from the start. The
 * delay's clock is the test's, so nothing here waits.
 */
import { randomUUID } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { ok } from "../support/token-checks.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const ARM_SCOPE = "https://management.azure.com/.default";
const DELAY = 60_000;

let azmi: TestAzmi;
let clock = Date.parse("2026-01-01T00:00:00Z");
let operatorToken: string;
let principalToken: string;
let principalId: string;
let group: string;

const tokenOf = async (clientId: string, secret: string, scope: string) =>
  (await new ClientSecretCredential(azmi.tenantId, clientId, secret, { authorityHost: azmi.url, disableInstanceDiscovery: true }).getToken(scope)).token;

/** What ARM answers the principal reading the group. */
const readGroup = async () => (await azmi.request("GET", `${group}?api-version=2021-04-01`, undefined, { authorization: `Bearer ${principalToken}` })).status;

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict", rbacPropagationDelayMs: DELAY }, delayClock: () => clock });
  operatorToken = await tokenOf(DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET, ARM_SCOPE);
  const graphToken = await tokenOf(DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET, "https://graph.microsoft.com/.default");
  const graph = (method: string, path: string, body: unknown) => ok(azmi, method, `/v1.0${path}`, body, graphToken);
  const app = await graph("POST", "/applications", { displayName: "propagating" });
  principalId = (await graph("POST", "/servicePrincipals", { appId: app.appId })).id;
  const secret = (await graph("POST", `/applications/${app.id}/addPassword`, {})).secretText as string;
  principalToken = await tokenOf(app.appId, secret, ARM_SCOPE);
  group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-propagation`;
  // The operator's Owner at the root decides at once, although it was granted a moment ago.
  await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
});
afterAll(() => azmi?.stop());

describe("role assignments take effect after the propagation delay", () => {
  const assignment = () => `${group}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;
  const name = randomUUID();

  it("a new assignment is listed at once but grants only once the delay has passed", async () => {
    expect(await readGroup()).toBe(403);
    await ok(
      azmi,
      "PUT",
      assignment(),
      {
        properties: {
          roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
          principalId,
          principalType: "ServicePrincipal",
        },
      },
      operatorToken,
    );
    expect((await ok(azmi, "GET", assignment(), undefined, operatorToken)).properties.principalId).toBe(principalId);
    const refused = await azmi.request("GET", `${group}?api-version=2021-04-01`, undefined, { authorization: `Bearer ${principalToken}` });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("AuthorizationFailed");
    expect(refused.headers.get("x-azmi-authorization")).toContain("'Reader' at");
    expect(refused.headers.get("x-azmi-authorization")).toContain("not in effect yet");
    clock += DELAY - 1;
    expect(await readGroup()).toBe(403);
    clock += 1;
    expect(await readGroup()).toBe(200);
  });

  it("a removed assignment keeps granting until the delay after its removal", async () => {
    expect((await azmi.request("DELETE", assignment(), undefined, { authorization: `Bearer ${operatorToken}` })).status).toBe(200);
    expect((await azmi.request("GET", assignment(), undefined, { authorization: `Bearer ${operatorToken}` })).status).toBe(404);
    expect(await readGroup()).toBe(200);
    clock += DELAY - 1;
    expect(await readGroup()).toBe(200);
    clock += 1;
    expect(await readGroup()).toBe(403);
  });
});
