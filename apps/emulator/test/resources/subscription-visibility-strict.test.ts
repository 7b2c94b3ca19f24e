/**
 * Strict mode shows a subscription only to principals holding a role at, below or above it, as
 * Azure does; written from the side of a principal that should see nothing. Through the
 * subscriptions SDK a user reaches for: a principal without roles lists none and reading the
 * subscription by id is SubscriptionNotFound; Reader on one resource group makes it visible;
 * the operator (Owner at the root) sees every subscription azmi serves.
 */
import { randomUUID } from "node:crypto";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { ARM_SCOPE, credentialOf, GRAPH_SCOPE, operatorToken as signInAsOperator } from "../support/sign-in.js";
import { ok } from "../support/token-checks.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const SECOND = "11111111-2222-3333-4444-555555555555";

let azmi: TestAzmi;
let operatorToken: string;
let principal: { appId: string; objectId: string; secret: string };

const subscriptionsAs = (clientId: string, secret: string) =>
  new SubscriptionClient(credentialOf(azmi, clientId, secret), { endpoint: azmi.url, credentialScopes: [ARM_SCOPE], retryOptions: { maxRetries: 0 } });

async function graph(method: string, path: string, body?: unknown): Promise<any> {
  const token = await signInAsOperator(azmi, GRAPH_SCOPE);
  const res = await azmi.request(method, `/v1.0${path}`, body, { authorization: `Bearer ${token}` });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return res.json;
}

async function listed(client: SubscriptionClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of client.subscriptions.list()) ids.push(s.subscriptionId!);
  return ids;
}

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict", subscriptions: ["00000000-0000-0000-0000-000000000000", SECOND] } });
  operatorToken = await signInAsOperator(azmi, ARM_SCOPE);
  const app = await graph("POST", "/applications", { displayName: "sees-nothing" });
  const sp = await graph("POST", "/servicePrincipals", { appId: app.appId });
  const secret = (await graph("POST", `/applications/${app.id}/addPassword`, {})).secretText as string;
  principal = { appId: app.appId, objectId: sp.id, secret };
});
afterAll(() => azmi?.stop());

describe("subscriptions are listed to those who can see them", () => {
  it("a principal without any role assignment lists no subscription and cannot read one by id", async () => {
    const client = subscriptionsAs(principal.appId, principal.secret);
    expect(await listed(client)).toEqual([]);
    await expect(client.subscriptions.get(azmi.subscriptionId)).rejects.toMatchObject({ statusCode: 404, code: "SubscriptionNotFound" });
  });

  it("Reader on one resource group shows that subscription, and only that one", async () => {
    const group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-visible`;
    await ok(azmi, "PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" }, operatorToken);
    await ok(
      azmi,
      "PUT",
      `${group}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${azmi.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
          principalId: principal.objectId,
          principalType: "ServicePrincipal",
        },
      },
      operatorToken,
    );
    const client = subscriptionsAs(principal.appId, principal.secret);
    expect(await listed(client)).toEqual([azmi.subscriptionId]);
    expect((await client.subscriptions.get(azmi.subscriptionId)).state).toBe("Enabled");
    await expect(client.subscriptions.get(SECOND)).rejects.toMatchObject({ statusCode: 404, code: "SubscriptionNotFound" });
  });

  it("the operator, Owner at the root, sees every subscription", async () => {
    expect((await listed(subscriptionsAs(DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET))).sort()).toEqual([azmi.subscriptionId, SECOND].sort());
  });
});
