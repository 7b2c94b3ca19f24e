/**
 * Deny assignments over HTTP and through @azure/arm-authorization: they refuse what they cover to
 * everyone they name, before any role is looked at and in both auth modes (an Owner included),
 * with Azure's 403 DenyAssignmentAuthorizationFailed naming the deny assignment; a delete of the
 * group above a protected resource is refused too; they are listed and read at every scope with
 * Azure's filters; they are not writable.
 */
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { EVERYONE, type DenyAssignmentInput } from "@azmi/rbac";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../../support/azmi.js";
import { operatorToken } from "../../support/sign-in.js";
import { ok } from "../../support/token-checks.js";

const DENY_NAME = "6d266d71-a890-53b7-b0d8-2af6769ac019";
const IDENTITY_API = "api-version=2023-01-31";
const DENY_API = "api-version=2022-04-01";

function protectedIdentity(azmi: TestAzmi, group: string) {
  const groupId = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${group}`;
  const identityId = `${groupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/protected`;
  const deny: DenyAssignmentInput = {
    name: DENY_NAME,
    scope: identityId,
    denyAssignmentName: `Deny assignment '${DENY_NAME}' created by Deployment Stack '${groupId}/providers/Microsoft.Resources/deploymentStacks/s1'.`,
    description: `Created by Deployment Stack '${groupId}/providers/Microsoft.Resources/deploymentStacks/s1'.`,
    permissions: [{ actions: ["*/delete"], notActions: ["Microsoft.Authorization/locks/delete"] }],
    principals: [{ id: EVERYONE, type: "SystemDefined" }],
    doNotApplyToChildScopes: true,
  };
  return { groupId, identityId, deny };
}

async function seed(azmi: TestAzmi, group: string, token?: string) {
  const made = protectedIdentity(azmi, group);
  await ok(azmi, "PUT", `${made.groupId}?api-version=2021-04-01`, { location: "westeurope" }, token);
  await ok(azmi, "PUT", `${made.identityId}?${IDENTITY_API}`, { location: "westeurope" }, token);
  azmi.services.rbac.denyAssignments.put(made.deny);
  return made;
}

describe.each(["permissive", "strict"] as const)("deny assignments in %s mode", (authMode) => {
  let azmi: TestAzmi;
  let token: string;
  let as: Record<string, string>;
  beforeAll(async () => {
    azmi = await startTestAzmi({ config: { authMode } });
    token = await operatorToken(azmi, "https://management.azure.com/.default");
    as = { authorization: `Bearer ${token}` };
  });
  afterAll(() => azmi?.stop());

  it("refuse the operator's delete with DenyAssignmentAuthorizationFailed, and say which one in the header", async () => {
    const { identityId, groupId, deny } = await seed(azmi, "rg-deny", token);
    const refused = await azmi.request("DELETE", `${identityId}?${IDENTITY_API}`, undefined, as);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("DenyAssignmentAuthorizationFailed");
    expect(refused.json.error.message).toMatch(
      new RegExp(
        `^The client '[^']+' with object id '[^']+' has permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/delete' on scope '${identityId}'; however, the access is denied because of the deny assignment with name 'Deny assignment '${DENY_NAME}' created by Deployment Stack '.*s1'.' and Id '${DENY_NAME.replace(/-/g, "")}' at scope '${identityId}'.$`,
      ),
    );
    expect(refused.headers.get("x-azmi-authorization")).toContain(`denied by the deny assignment '${deny.denyAssignmentName}'`);
    // Reads and writes are not in its actions.
    expect((await azmi.request("GET", `${identityId}?${IDENTITY_API}`, undefined, as)).status).toBe(200);
    expect((await azmi.request("PUT", `${identityId}?${IDENTITY_API}`, { location: "westeurope", tags: { a: "b" } }, as)).status).toBe(200);
    // Deleting the group would delete the identity: refused as well.
    const groupDelete = await azmi.request("DELETE", `${groupId}?api-version=2021-04-01`, undefined, as);
    expect([groupDelete.status, groupDelete.json?.error?.code]).toEqual([403, "DenyAssignmentAuthorizationFailed"]);
    expect((await azmi.request("GET", `${identityId}?${IDENTITY_API}`, undefined, as)).status).toBe(200);
    // Once it is gone, so is the refusal.
    azmi.services.rbac.denyAssignments.delete(azmi.services.rbac.denyAssignments.byName(DENY_NAME)!);
    expect((await azmi.request("DELETE", `${identityId}?${IDENTITY_API}`, undefined, as)).status).toBe(200);
  });
});

describe("the deny assignment read API", () => {
  let azmi: TestAzmi;
  let made: ReturnType<typeof protectedIdentity>;
  beforeAll(async () => {
    azmi = await startTestAzmi();
    made = await seed(azmi, "rg-read");
  });
  afterAll(() => azmi?.stop());

  it("lists at, above and below a scope, with Azure's filters, and reads one by scope and name or by id", async () => {
    const sub = `/subscriptions/${azmi.subscriptionId}`;
    const list = async (scope: string, filter?: string) => {
      const res = await azmi.request(
        "GET",
        `${scope}/providers/Microsoft.Authorization/denyAssignments?${DENY_API}${filter ? `&$filter=${encodeURIComponent(filter)}` : ""}`,
      );
      expect(res.status).toBe(200);
      return (res.json.value as Array<{ name: string }>).map((d) => d.name);
    };
    expect(await list(sub)).toEqual([DENY_NAME]);
    expect(await list(made.groupId)).toEqual([DENY_NAME]);
    expect(await list(made.groupId, "atScope()")).toEqual([]);
    expect(await list(made.identityId, "atScope()")).toEqual([DENY_NAME]);
    expect(await list(sub, `principalId eq '${EVERYONE}'`)).toEqual([DENY_NAME]);
    // A quote inside the value is doubled, as OData writes it.
    expect(await list(sub, `denyAssignmentName eq '${made.deny.denyAssignmentName.replace(/'/g, "''")}'`)).toEqual([DENY_NAME]);
    expect(await list(sub, "denyAssignmentName eq 'other'")).toEqual([]);
    const bad = await azmi.request(
      "GET",
      `${sub}/providers/Microsoft.Authorization/denyAssignments?${DENY_API}&$filter=${encodeURIComponent("roleName eq 'x'")}`,
    );
    expect([bad.status, bad.json.error.code]).toEqual([400, "InvalidFilterInQueryString"]);

    const id = `${made.identityId}/providers/Microsoft.Authorization/denyAssignments/${DENY_NAME}`;
    const got = await azmi.request("GET", `${id}?api-version=2024-07-01-preview`);
    expect(got.json).toMatchObject({
      id,
      name: DENY_NAME,
      type: "Microsoft.Authorization/denyAssignments",
      properties: { scope: made.identityId, doNotApplyToChildScopes: true, isSystemProtected: true, principals: [{ id: EVERYONE, type: "SystemDefined" }] },
    });
    const missing = await azmi.request("GET", `${made.groupId}/providers/Microsoft.Authorization/denyAssignments/${EVERYONE}?${DENY_API}`);
    expect([missing.status, missing.json.error.code]).toEqual([404, "DenyAssignmentNotFound"]);
  });

  it("are read through @azure/arm-authorization", async () => {
    const o = azmi.sdkOptions();
    const client = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
    const inGroup = [];
    for await (const d of client.denyAssignments.listForResourceGroup("rg-read")) inGroup.push(d);
    expect(inGroup.map((d) => [d.name, d.denyAssignmentName, d.permissions?.[0]?.actions])).toEqual([[DENY_NAME, made.deny.denyAssignmentName, ["*/delete"]]]);
    const byId = await client.denyAssignments.getById(`${made.identityId}/providers/Microsoft.Authorization/denyAssignments/${DENY_NAME}`);
    expect(byId.excludePrincipals).toEqual([]);
  });

  it("are not writable through ARM", async () => {
    const res = await azmi.request("PUT", `${made.groupId}/providers/Microsoft.Authorization/denyAssignments/${DENY_NAME}?${DENY_API}`, { properties: {} });
    expect([res.status, res.json.error.code]).toEqual([405, "MethodNotAllowed"]);
    const atGroup = await azmi.request("GET", `${made.groupId}/providers/Microsoft.Authorization/denyAssignments?${DENY_API}&$filter=atScope()`);
    expect(atGroup.json.value).toEqual([]);
  });
});
