/**
 * Strict mode lists a subscription only to principals that hold a role in it (or above it), as
 * Azure does, seen through what a user of the real az CLI sees. A service principal without any
 * role assignment signs in and finds no subscription (az login refuses without
 * --allow-no-subscriptions; with it, az falls back to a tenant-level account); once the operator
 * gives it Reader on one resource group, `az account list --refresh` shows the subscription.
 * The operator's set-up goes over plain HTTP; only the principal's view is az's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";
import { createAzSession, DEFAULT_TENANT, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

const az = findAz();
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az subscription visibility tests: ${skipReason}`);

// Not the tenant's id (both default to zeros), so a tenant-level account cannot pass for the subscription.
const SUB = "6d1c3b7a-2e4f-4a5b-9c8d-0e1f2a3b4c5d";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

describe.skipIf(skipReason !== undefined)("az account list in strict mode", () => {
  let emulator: AzmiProcess;
  let session: AzSession;
  let operatorArm: string;
  let principal: { appId: string; objectId: string; secret: string };

  async function send(method: string, path: string, token: string, body?: unknown): Promise<any> {
    const response = await fetch(`http://127.0.0.1:${emulator.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === "" ? undefined : JSON.parse(text);
  }

  async function operatorToken(scope: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${emulator.port}/${DEFAULT_TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: DEFAULT_OPERATOR_CLIENT_ID,
        client_secret: DEFAULT_OPERATOR_CLIENT_SECRET,
        scope,
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  beforeAll(async () => {
    emulator = await startAzmiProcess(["--auth", "strict", "--subscription", SUB]);
    operatorArm = await operatorToken("https://management.azure.com/.default");
    const graph = await operatorToken("https://graph.microsoft.com/.default");
    const app = await send("POST", "/v1.0/applications", graph, { displayName: "no-roles-yet" });
    const sp = await send("POST", "/v1.0/servicePrincipals", graph, { appId: app.appId });
    const password = await send("POST", `/v1.0/applications/${app.id}/addPassword`, graph, {});
    principal = { appId: app.appId, objectId: sp.id, secret: password.secretText };
    await send("PUT", `/subscriptions/${SUB}/resourceGroups/rg-seen?api-version=2021-04-01`, operatorArm, { location: "westeurope" });
    session = await createAzSession(az!, emulator);
  }, 120_000);
  afterAll(async () => {
    await session?.dispose();
    await emulator?.stop();
  });

  const login = (extra: string[] = []) =>
    session.run(["login", "--service-principal", "-u", principal.appId, "-p", principal.secret, "--tenant", DEFAULT_TENANT, ...extra]);

  it("shows a principal without any role no subscription", async () => {
    const refused = await login();
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("No subscriptions found");

    const signedIn = await login(["--allow-no-subscriptions"]);
    expect(signedIn.code).toBe(0);
    const accounts = JSON.parse(signedIn.stdout) as Array<{ id: string; name: string }>;
    expect(accounts.map((a) => a.id)).not.toContain(SUB);
    expect(accounts).toEqual([expect.objectContaining({ id: DEFAULT_TENANT, name: "N/A(tenant level account)" })]);

    const listed = await session.json<Array<{ id: string }>>(["account", "list", "--refresh"]);
    expect(listed.map((a) => a.id)).not.toContain(SUB);
    const shown = await session.run(["account", "show", "--subscription", SUB]);
    expect(shown.code).not.toBe(0);
  }, 180_000);

  it("shows the subscription once the principal is Reader of one of its resource groups", async () => {
    await send(
      "PUT",
      `/subscriptions/${SUB}/resourceGroups/rg-seen/providers/Microsoft.Authorization/roleAssignments/5f3c1d2e-4b6a-4c8d-9e0f-1a2b3c4d5e6f?api-version=2022-04-01`,
      operatorArm,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
          principalId: principal.objectId,
          principalType: "ServicePrincipal",
        },
      },
    );
    const listed = await session.json<Array<{ id: string; state: string; tenantId: string }>>(["account", "list", "--refresh"]);
    expect(listed).toContainEqual(expect.objectContaining({ id: SUB, state: "Enabled", tenantId: DEFAULT_TENANT }));
    const group = await session.json<{ name: string }>(["group", "show", "-n", "rg-seen", "--subscription", SUB]);
    expect(group.name).toBe("rg-seen");
  }, 180_000);
});
