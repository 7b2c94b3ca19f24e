/**
 * The console's browsing pages over HTTP, in strict mode, on state made with the Azure SDKs and
 * the Microsoft Graph client as the operator (scenario.ts, plus a custom role held by the
 * identity on the VM, and a user, a group and an application in the directory):
 *  - resources: the tree subscription → group → VM, the VM's identities, the group's lock on
 *    the group itself and inherited by the VM, links to the access page;
 *  - roles: search, built-in and custom, permissions and who holds each where; unknown id 404;
 *  - directory: the four kinds with the Graph query shown, a filter that narrows them, Graph's
 *    refusal of a bad $filter, an object's page; unknown id 404;
 *  - token decoder: a real identity token is valid and names its principal; a forged one is not.
 */
import { Client } from "@microsoft/microsoft-graph-client";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { consolePage, makeConsoleScenario, READER_ASSIGNMENT, type ConsoleScenario } from "./scenario.js";

const CUSTOM_ROLE = "5c0ffee0-1234-4abc-9def-0123456789ab";
let azmi: TestAzmi;
let scenario: ConsoleScenario;
let directory: { userId: string; groupId: string; appId: string; applicationId: string };

const unescape = (html: string) => html.replace(/&amp;/g, "&").replace(/&quot;/g, '"');

beforeAll(async () => {
  azmi = await startTestAzmi({ config: { authMode: "strict" } });
  scenario = await makeConsoleScenario(azmi);
  const o = azmi.sdkOptions({ via: "proxy" });
  const auth = new AuthorizationManagementClient(o.credential, azmi.subscriptionId, o);
  const sub = `/subscriptions/${azmi.subscriptionId}`;
  await auth.roleDefinitions.createOrUpdate(sub, CUSTOM_ROLE, {
    roleName: "Console Site Restarter",
    description: "Restarts web apps",
    roleType: "CustomRole",
    permissions: [{ actions: ["Microsoft.Web/sites/restart/action", "Microsoft.Web/sites/read"], notActions: [], dataActions: [], notDataActions: [] }],
    assignableScopes: [sub],
  });
  await auth.roleAssignments.create(scenario.vmId, "0c0ffee0-1111-4abc-9def-0123456789ab", {
    roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}`,
    principalId: scenario.uami.principalId,
    principalType: "ServicePrincipal",
  });
  const token = (await azmi.credential.getToken("https://graph.microsoft.com/.default"))!.token;
  const graph = Client.init({ authProvider: (done) => done(null, token), baseUrl: azmi.url, customHosts: new Set(["127.0.0.1"]) });
  const user = await graph.api("/users").post({
    accountEnabled: true,
    displayName: "Console Carol",
    mailNickname: "carol",
    userPrincipalName: "carol@azmi.example",
    passwordProfile: { password: "Pa55word-never-shown!", forceChangePasswordNextSignIn: false },
  });
  const group = await graph.api("/groups").post({ displayName: "Console Admins", mailNickname: "console-admins", mailEnabled: false, securityEnabled: true });
  const app = await graph.api("/applications").post({ displayName: "Console Deployer" });
  directory = { userId: user.id, groupId: group.id, appId: app.appId, applicationId: app.id };
});

afterAll(async () => {
  await azmi?.stop();
});

describe("resources", () => {
  it("draws subscription → group → VM with the VM's identities and links to each scope's access page", async () => {
    const { status, html } = await consolePage(azmi, "/_azmi/console/resources");
    expect(status).toBe(200);
    const sub = html.indexOf(`data-scope="/subscriptions/${azmi.subscriptionId}"`);
    const group = html.indexOf(`data-scope="${scenario.groupId}"`);
    const vm = html.indexOf(`data-scope="${scenario.vmId}"`);
    expect(sub).toBeGreaterThan(-1);
    expect(group).toBeGreaterThan(sub);
    expect(vm).toBeGreaterThan(group);
    const vmNode = html.slice(vm, html.indexOf("</li></ul></li>", vm));
    expect(vmNode).toContain("vm-console");
    expect(vmNode).toContain(`data-identity-kind="system-assigned" data-principal-id="${scenario.vmPrincipalId}"`);
    expect(vmNode).toContain(`data-identity-kind="user-assigned" data-principal-id="${scenario.uami.principalId}"`);
    expect(vmNode).toContain(`href="/_azmi/console/access?scope=${encodeURIComponent(scenario.vmId)}"`);
  });

  it("shows the group's lock as the group's own and as inherited on the resources below it", async () => {
    const { html } = await consolePage(azmi, "/_azmi/console/resources");
    const locks = [...html.matchAll(/<li data-scope="([^"]+)"[^>]*><div class="node">(?:(?!<\/div>).)*<\/div>/gs)].map((m) => ({
      scope: m[1]!,
      locks: [...m[0].matchAll(/data-lock="([^"]+)" data-inherited="(true|false)"/g)].map((l) => `${l[1]} ${l[2]}`),
    }));
    expect(locks.find((n) => n.scope === `/subscriptions/${azmi.subscriptionId}`)?.locks).toEqual([]);
    expect(locks.find((n) => n.scope === scenario.groupId)?.locks).toEqual([`${scenario.lockId} false`]);
    expect(locks.find((n) => n.scope === scenario.vmId)?.locks).toEqual([`${scenario.lockId} true`]);
  });
});

describe("resources under management groups", () => {
  it("shows the management groups a subscription sits under, the tenant root group first", async () => {
    const token = (await azmi.credential.getToken("https://management.azure.com/.default"))!.token;
    const MG = "/providers/Microsoft.Management/managementGroups";
    const send = (method: string, path: string, body?: unknown) => azmi.request(method, path, body, { authorization: `Bearer ${token}` });
    expect((await send("PUT", `${MG}/console-platform?api-version=2021-04-01`, { properties: { displayName: "Console Platform" } })).status).toBe(202);
    expect((await send("PUT", `${MG}/console-platform/subscriptions/${azmi.subscriptionId}?api-version=2021-04-01`)).status).toBe(200);
    const { html } = await consolePage(azmi, "/_azmi/console/resources");
    expect(html).toContain(`data-management-groups="${MG}/${azmi.tenantId} ${MG}/console-platform"`);
    expect(html).toContain("under management groups: Tenant Root Group › Console Platform");
  });
});

describe("roles", () => {
  it("searches by name and lists built-in and custom roles with how many hold each", async () => {
    const reader = await consolePage(azmi, "/_azmi/console/roles?q=reader");
    expect(reader.html).toMatch(/<tr data-role="Reader" data-role-type="BuiltInRole">[\s\S]*?data-holders="1"/);
    expect(reader.html).not.toContain('data-role="Contributor"');
    const custom = await consolePage(azmi, "/_azmi/console/roles?type=CustomRole");
    expect([...custom.html.matchAll(/<tr data-role="([^"]+)"/g)].map((m) => m[1])).toEqual(["Console Site Restarter"]);
    const byAction = await consolePage(azmi, "/_azmi/console/roles?q=Microsoft.Web/sites/restart/action");
    expect(byAction.html).toContain('data-role="Console Site Restarter"');
    const all = Number(/data-role-count="(\d+)"/.exec((await consolePage(azmi, "/_azmi/console/roles")).html)![1]);
    expect(all).toBeGreaterThan(100);
  });

  it("a role's page lists its permissions and who holds it where, linked to the access page", async () => {
    const { status, html } = await consolePage(azmi, `/_azmi/console/roles/${CUSTOM_ROLE}`);
    expect(status).toBe(200);
    expect(html).toMatch(/data-permission="actions">[\s\S]*Microsoft.Web\/sites\/restart\/action/);
    expect(html).toContain(`data-holder="${scenario.uami.principalId}"`);
    expect(html).toContain(scenario.vmId);
    expect(html).toContain(`href="/_azmi/console/access?principal=${scenario.uami.principalId}&amp;scope=${encodeURIComponent(scenario.vmId)}"`);
    const reader = await consolePage(azmi, "/_azmi/console/roles/acdd72a7-3385-48ef-bd42-f606fba81ae7");
    expect(reader.html).toContain(READER_ASSIGNMENT);
    expect(reader.html).toContain("app-id"); // the holder's display name, from Graph
  });

  it("an unknown role id is a 404 page that says so", async () => {
    const { status, html } = await consolePage(azmi, "/_azmi/console/roles/00000000-dead-4bad-8bad-000000000000");
    expect(status).toBe(404);
    expect(html).toContain("No role definition has the id '00000000-dead-4bad-8bad-000000000000'");
  });
});

describe("directory", () => {
  it("lists service principals, applications, users and groups, each beside the Graph query that found them", async () => {
    const { status, html } = await consolePage(azmi, "/_azmi/console/directory");
    expect(status).toBe(200);
    const section = (kind: string) => /<section data-kind="([^"]+)">[\s\S]*?<\/section>/g.exec(html.slice(html.indexOf(`<section data-kind="${kind}">`)))![0];
    expect(unescape(section("users"))).toContain("GET /v1.0/users?$select=id,displayName,userPrincipalName&$top=200");
    expect(section("users")).toContain(`data-object-id="${directory.userId}"`);
    expect(section("users")).toContain("carol@azmi.example");
    expect(section("users")).not.toContain("Pa55word");
    expect(section("groups")).toContain(`data-object-id="${directory.groupId}"`);
    expect(section("applications")).toContain(directory.appId);
    expect(section("servicePrincipals")).toContain(`data-object-id="${scenario.uami.principalId}"`);
    expect(section("servicePrincipals")).toContain("ManagedIdentity");
  });

  it("runs the page's filter as an OData $filter and shows it", async () => {
    const { html } = await consolePage(
      azmi,
      `/_azmi/console/directory?${new URLSearchParams({ filter: "servicePrincipalType eq 'ManagedIdentity'", kind: "servicePrincipals" })}`,
    );
    expect(unescape(html)).toContain("$filter=servicePrincipalType eq 'ManagedIdentity'");
    const ids = [...html.matchAll(/data-object-id="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(ids).toEqual([scenario.uami.principalId, scenario.vmPrincipalId].sort());
    expect(html).not.toContain('data-kind="users"');
    const search = await consolePage(azmi, "/_azmi/console/directory?q=Console");
    expect([...search.html.matchAll(/data-object-id="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(
      [directory.userId, directory.groupId, directory.applicationId, ...servicePrincipalsNamed(search.html)].sort(),
    );
  });

  it("shows Graph's refusal of a bad $filter, an object's page, and a 404 page for an unknown id", async () => {
    const bad = await consolePage(azmi, `/_azmi/console/directory?${new URLSearchParams({ filter: "displayName eq", kind: "users" })}`);
    expect(bad.html).toContain("Graph refused the query");
    const object = await consolePage(azmi, `/_azmi/console/directory/${directory.groupId}`);
    expect(object.status).toBe(200);
    expect(object.html).toContain("Console Admins");
    const missing = await consolePage(azmi, "/_azmi/console/directory/3e9b3a4c-0000-4000-8000-000000000009");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("The directory holds no object with the id '3e9b3a4c-0000-4000-8000-000000000009'");
  });
});

/** The service principal ids listed in the servicePrincipals section (the application's, if Graph made one). */
function servicePrincipalsNamed(html: string): string[] {
  const start = html.indexOf('<section data-kind="servicePrincipals">');
  const section = html.slice(start, html.indexOf("</section>", start));
  return [...section.matchAll(/data-object-id="([^"]+)"/g)].map((m) => m[1]!);
}

describe("token decoder", () => {
  it("a managed identity's token is valid, for Resource Manager, and names the identity", async () => {
    const token = await scenario.identityToken();
    const { status, html } = await consolePage(azmi, `/_azmi/console/token?${new URLSearchParams({ token: `Bearer ${token}` })}`);
    expect(status).toBe(200);
    expect(html).toContain('data-token-verdict="valid"');
    expect(html).toContain(`<li class="check-ok" data-check="key">Signed with one of azmi's keys`);
    expect(html).toContain("resourceManager");
    expect(html).toContain(`data-principal="${scenario.uami.principalId}"`);
    expect(html).toContain('<strong data-principal-name="true">app-id</strong>');
    expect(html).toContain(`href="/_azmi/console/identities/${scenario.uami.principalId}"`);
    expect(html).toContain('data-claim="xms_mirid"');
  });

  it("a token with an altered payload is invalid: its signature does not verify with azmi's keys", async () => {
    const [header, payload, signature] = (await scenario.identityToken()).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, oid: directory.userId })).toString("base64url"), signature].join(".");
    const { html } = await consolePage(azmi, `/_azmi/console/token?${new URLSearchParams({ token: forged })}`);
    expect(html).toContain('data-token-verdict="invalid"');
    expect(html).toContain("The signature does not verify");
    expect(html).toContain(`data-principal="${directory.userId}"`);
  });

  it("something that is not a JWT says so", async () => {
    const { html } = await consolePage(azmi, "/_azmi/console/token?token=hello");
    expect(html).toContain("data-problem");
    expect(html).toContain("Not a JWT");
  });
});
