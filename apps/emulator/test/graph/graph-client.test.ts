/**
 * Microsoft Graph through the real @microsoft/microsoft-graph-client: paging, $count,
 * $select, $orderby, getByIds, applications and the errors a client sees.
 */
import { Client, GraphError as ClientGraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

let azmi: TestAzmi;
let graph: Client;

/** n managed-identity service principals, written through the directory as the identity package does. */
function seedManagedIdentities(n: number, prefix: string): Array<{ principalId: string; clientId: string; name: string }> {
  const made: Array<{ principalId: string; clientId: string; name: string }> = [];
  azmi.services.store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const principal = { principalId: randomUUID(), clientId: randomUUID(), name: `${prefix}-${String(i).padStart(3, "0")}` };
      azmi.services.directory.servicePrincipals.provisionManagedIdentity({
        principalId: principal.principalId,
        clientId: principal.clientId,
        tenantId: azmi.tenantId,
        displayName: principal.name,
        resourceId: `/subscriptions/${azmi.subscriptionId}/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${principal.name}`,
        explicit: true,
      });
      made.push(principal);
    }
  });
  return made;
}

async function graphError(promise: Promise<unknown>): Promise<ClientGraphError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ClientGraphError) return err;
    throw err;
  }
  throw new Error("expected the Graph call to fail");
}

let seeded: Array<{ principalId: string; clientId: string; name: string }>;

beforeAll(async () => {
  azmi = await startTestAzmi();
  const token = await azmi.credential.getToken("https://graph.microsoft.com/.default");
  graph = Client.init({
    authProvider: (done) => done(null, token!.token),
    baseUrl: azmi.url,
    customHosts: new Set(["127.0.0.1"]),
  });
  seeded = seedManagedIdentities(250, "pager");
});
afterAll(() => azmi.stop());

describe("GET /servicePrincipals", () => {
  it("pages through 250 service principals with a PageIterator, 100 at a time, each once", async () => {
    const first = await graph.api("/servicePrincipals").filter("startswith(displayName,'pager-')").get();
    expect(first["@odata.context"]).toBe(`${azmi.url}/v1.0/$metadata#servicePrincipals`);
    expect(first.value).toHaveLength(100);
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${azmi.url}/v1.0/servicePrincipals\\?`));
    const names: string[] = [];
    const iterator = new PageIterator(graph, first, (sp: { displayName: string }) => {
      names.push(sp.displayName);
      return true;
    });
    await iterator.iterate();
    expect(names).toHaveLength(250);
    expect(new Set(names)).toEqual(new Set(seeded.map((s) => s.name)));
  });

  it("honours $top as the page size and leaves nextLink off the last page", async () => {
    let page = await graph.api("/servicePrincipals").filter("startswith(displayName,'pager-')").top(120).get();
    const sizes = [page.value.length];
    while (page["@odata.nextLink"] !== undefined) {
      page = await graph.api(page["@odata.nextLink"]).get();
      sizes.push(page.value.length);
    }
    expect(sizes).toEqual([120, 120, 10]);
  });

  it("counts with ConsistencyLevel: eventual, and ignores $count=true without it, as Graph does", async () => {
    const withHeader = await graph
      .api("/servicePrincipals")
      .header("ConsistencyLevel", "eventual")
      .count(true)
      .filter("startswith(displayName,'pager-')")
      .top(5)
      .get();
    expect(withHeader["@odata.count"]).toBe(250);
    expect(withHeader.value).toHaveLength(5);
    const without = await graph.api("/servicePrincipals").count(true).filter("startswith(displayName,'pager-')").top(5).get();
    expect(without["@odata.count"]).toBeUndefined();

    const segment = await fetch(`${azmi.url}/v1.0/servicePrincipals/$count?$filter=${encodeURIComponent("startswith(displayName,'pager-')")}`, {
      headers: { ConsistencyLevel: "eventual" },
    });
    expect(segment.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await segment.text()).toBe("250");
    const refused = await graphError(graph.api("/servicePrincipals/$count").get());
    expect([refused.statusCode, refused.code, refused.message]).toEqual([400, "Request_BadRequest", "$count is not currently supported."]);
  });

  it("answers only the $select-ed properties and says so in @odata.context", async () => {
    const page = await graph.api("/servicePrincipals").select(["id", "appId"]).filter(`appId eq '${seeded[7]!.clientId}'`).get();
    expect(page["@odata.context"]).toBe(`${azmi.url}/v1.0/$metadata#servicePrincipals(id,appId)`);
    expect(page.value).toEqual([{ id: seeded[7]!.principalId, appId: seeded[7]!.clientId }]);
  });

  it("sorts with $orderby in an advanced query, and refuses it otherwise", async () => {
    const page = await graph
      .api("/servicePrincipals")
      .header("ConsistencyLevel", "eventual")
      .count(true)
      .filter("startswith(displayName,'pager-')")
      .orderby("displayName desc")
      .top(3)
      .select("displayName")
      .get();
    expect(page.value.map((v: { displayName: string }) => v.displayName)).toEqual(["pager-249", "pager-248", "pager-247"]);
    const refused = await graphError(graph.api("/servicePrincipals").filter("startswith(displayName,'pager-')").orderby("displayName").get());
    expect([refused.statusCode, refused.code]).toEqual([400, "Request_UnsupportedQuery"]);
  });

  it("finds a managed identity by clientId the way az does (servicePrincipalNames/any)", async () => {
    const target = seeded[42]!;
    const page = await graph.api("/servicePrincipals").filter(`servicePrincipalNames/any(c:c eq '${target.clientId.toUpperCase()}')`).get();
    expect(page.value.map((v: { id: string }) => v.id)).toEqual([target.principalId]);
    expect(page.value[0].servicePrincipalType).toBe("ManagedIdentity");
    expect(page.value[0]["@odata.type"]).toBeUndefined();
  });

  it("refuses ne without the advanced query parameters, and a syntax error with its position", async () => {
    const ne = await graphError(graph.api("/servicePrincipals").filter("displayName ne 'x'").get());
    expect([ne.statusCode, ne.code]).toEqual([400, "Request_UnsupportedQuery"]);
    const syntax = await graphError(graph.api("/servicePrincipals").filter("displayName eq").get());
    expect([syntax.statusCode, syntax.code, syntax.message]).toEqual([
      400,
      "Request_BadRequest",
      "Invalid filter clause: Expression expected at position 14 in 'displayName eq'.",
    ]);
    expect(syntax.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("one service principal", () => {
  it("is found by id and by the appId alternate key, in any letter case of the path", async () => {
    const target = seeded[3]!;
    const byId = await graph.api(`/servicePrincipals/${target.principalId}`).get();
    expect(byId["@odata.context"]).toBe(`${azmi.url}/v1.0/$metadata#servicePrincipals/$entity`);
    expect(byId.appId).toBe(target.clientId);
    const byAppId = await graph.api(`/servicePrincipals(appId='${target.clientId}')`).get();
    expect(byAppId.id).toBe(target.principalId);
    const response = await fetch(`${azmi.url}/V1.0/SERVICEPRINCIPALS/${target.principalId}`);
    expect(response.status).toBe(200);
  });

  it("answers Request_ResourceNotFound in Graph's envelope, with request ids", async () => {
    const missing = randomUUID();
    const response = await fetch(`${azmi.url}/v1.0/servicePrincipals/${missing}`, { headers: { "client-request-id": "my-client-id" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("client-request-id")).toBe("my-client-id");
    const requestId = response.headers.get("request-id");
    const body = (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("Request_ResourceNotFound");
    expect(body.error.message).toBe(`Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`);
    expect(body.error.innerError["request-id"]).toBe(requestId);
    expect(body.error.innerError["client-request-id"]).toBe("my-client-id");
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const viaClient = await graphError(graph.api(`/servicePrincipals/${missing}`).get());
    expect([viaClient.statusCode, viaClient.code]).toEqual([404, "Request_ResourceNotFound"]);
  });

  it("refuses to change or delete a managed identity's principal", async () => {
    const target = seeded[5]!;
    const patch = await graphError(graph.api(`/servicePrincipals/${target.principalId}`).patch({ notes: "x" }));
    expect([patch.statusCode, patch.code]).toEqual([400, "Request_BadRequest"]);
    const del = await graphError(graph.api(`/servicePrincipals/${target.principalId}`).delete());
    expect([del.statusCode, del.code]).toEqual([400, "Request_BadRequest"]);
    expect((await graph.api(`/servicePrincipals/${target.principalId}`).get()).notes).toBeNull();
  });
});

describe("POST /directoryObjects/getByIds", () => {
  it("answers the known ids with @odata.type, filtered by types, unknown ids left out", async () => {
    const ids = [seeded[0]!.principalId, randomUUID(), seeded[1]!.principalId.toUpperCase()];
    const all = await graph.api("/directoryObjects/getByIds").post({ ids, types: ["user", "group", "servicePrincipal", "directoryObjectPartnerReference"] });
    expect(all["@odata.context"]).toBe(`${azmi.url}/v1.0/$metadata#directoryObjects`);
    expect(all.value.map((o: { id: string }) => o.id)).toEqual([seeded[0]!.principalId, seeded[1]!.principalId]);
    expect(all.value.every((o: Record<string, unknown>) => o["@odata.type"] === "#microsoft.graph.servicePrincipal")).toBe(true);
    const usersOnly = await graph.api("/directoryObjects/getByIds").post({ ids, types: ["User"] });
    expect(usersOnly.value).toEqual([]);
    const tooMany = await graphError(graph.api("/directoryObjects/getByIds").post({ ids: Array.from({ length: 1001 }, () => randomUUID()) }));
    expect([tooMany.statusCode, tooMany.code]).toEqual([400, "Request_BadRequest"]);
  });

  it("shows any directory object with its type under /directoryObjects/{id}", async () => {
    const object = await graph.api(`/directoryObjects/${seeded[9]!.principalId}`).select(["id", "servicePrincipalType"]).get();
    expect(object).toEqual({
      "@odata.context": `${azmi.url}/v1.0/$metadata#directoryObjects(id,servicePrincipalType)/$entity`,
      "@odata.type": "#microsoft.graph.servicePrincipal",
      id: seeded[9]!.principalId,
      servicePrincipalType: "ManagedIdentity",
    });
  });
});

describe("applications and their service principals", () => {
  it("creates an application without a principal, adds a secret, then the principal on POST", async () => {
    const app = await graph.api("/applications").post({ displayName: "azure-cli-test" });
    expect(app["@odata.context"]).toBe(`${azmi.url}/v1.0/$metadata#applications/$entity`);
    expect(app.appId).toMatch(/^[0-9a-f-]{36}$/);
    const before = await graph.api("/servicePrincipals").filter(`appId eq '${app.appId}'`).get();
    expect(before.value).toEqual([]);

    const password = await graph.api(`/applications/${app.id}/addPassword`).post({ passwordCredential: { displayName: "rbac" } });
    expect(password.secretText).toHaveLength(40);
    expect(password.hint).toBe(password.secretText.slice(0, 3));
    const stored = await graph.api(`/applications(appId='${app.appId}')`).get();
    expect(stored.passwordCredentials).toHaveLength(1);
    expect(stored.passwordCredentials[0].secretText).toBeNull();

    // The secret signs the application in at azmi's token endpoint.
    const token = await fetch(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: app.appId,
        client_secret: password.secretText,
        scope: "https://graph.microsoft.com/.default",
      }),
    });
    expect(token.status).toBe(200);

    const sp = await graph.api("/servicePrincipals").post({ appId: app.appId });
    expect(sp.servicePrincipalType).toBe("Application");
    expect(sp.displayName).toBe("azure-cli-test");
    expect(sp.servicePrincipalNames).toContain(app.appId);
    const again = await graphError(graph.api("/servicePrincipals").post({ appId: app.appId }));
    expect(again.statusCode).toBe(409);

    await graph.api(`/servicePrincipals/${sp.id}`).patch({ notes: "changed" });
    expect((await graph.api(`/servicePrincipals/${sp.id}`).get()).notes).toBe("changed");

    await graph.api(`/applications/${app.id}`).delete();
    expect((await graphError(graph.api(`/servicePrincipals/${sp.id}`).get())).statusCode).toBe(404);
    expect((await graphError(graph.api(`/applications/${app.id}`).get())).statusCode).toBe(404);
  });

  it("refuses a principal for an unknown appId and bodies Graph would refuse", async () => {
    const unknown = await graphError(graph.api("/servicePrincipals").post({ appId: randomUUID() }));
    expect([unknown.statusCode, unknown.code]).toEqual([400, "Request_BadRequest"]);
    const extra = await graphError(graph.api("/applications").post({ displayName: "x", bogus: 1 }));
    expect([extra.statusCode, extra.message]).toEqual([400, "Property 'bogus' does not exist as a declared property or extension property."]);
    const missing = await graphError(graph.api("/applications").post({}));
    expect([missing.statusCode, missing.code]).toEqual([400, "Request_BadRequest"]);
    const broken = await fetch(`${azmi.url}/v1.0/applications`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("Request_BadRequest");
  });
});

describe("users, groups, /me and /organization", () => {
  it("lists no users or groups until one is created, then finds it", async () => {
    expect((await graph.api("/users").get()).value).toEqual([]);
    expect((await graph.api("/groups").get()).value).toEqual([]);
    const user = await graph.api("/users").post({
      accountEnabled: true,
      displayName: "Alice",
      mailNickname: "alice",
      userPrincipalName: "alice@azmi.onmicrosoft.com",
      passwordProfile: { password: "x", forceChangePasswordNextSignIn: false },
    });
    expect(user.passwordProfile).toBeUndefined();
    const found = await graph.api("/users").filter("userPrincipalName eq 'ALICE@azmi.onmicrosoft.com'").get();
    expect(found.value.map((u: { id: string }) => u.id)).toEqual([user.id]);
    expect((await graph.api("/users/alice@azmi.onmicrosoft.com").get()).id).toBe(user.id);
    const group = await graph.api("/groups").post({ displayName: "devs", mailEnabled: false, mailNickname: "devs", securityEnabled: true });
    const resolved = await graph.api("/directoryObjects/getByIds").post({ ids: [user.id, group.id] });
    expect(resolved.value.map((o: Record<string, string>) => o["@odata.type"])).toEqual(["#microsoft.graph.user", "#microsoft.graph.group"]);
  });

  it("answers /me with Graph's 400 for an app-only token", async () => {
    const err = await graphError(graph.api("/me").get());
    expect([err.statusCode, err.code, err.message]).toEqual([400, "Request_BadRequest", "/me request is only valid with delegated authentication flow."]);
  });

  it("shows the tenant as the organization", async () => {
    const orgs = await graph.api("/organization").get();
    expect(orgs.value.map((o: { id: string }) => o.id)).toEqual([azmi.tenantId]);
  });

  it("answers Graph's envelope, never ARM's or HTML, for a path it does not serve", async () => {
    const response = await fetch(`${azmi.url}/v1.0/nothingHere`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("Resource not found for the segment 'nothingHere'.");
    const method = await fetch(`${azmi.url}/v1.0/organization`, { method: "DELETE" });
    expect(method.status).toBe(405);
  });
});
