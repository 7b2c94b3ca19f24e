/**
 * Microsoft.ManagedIdentity through @azure/arm-msi, as a user would drive it: user-assigned
 * identities (every operation, both list scopes), federated credentials (incl. the refusals),
 * system-assigned identities/default; and the service principal behind each identity.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManagedServiceIdentityClient, type FederatedIdentityCredential } from "@azure/arm-msi";
import { ResourceManagementClient } from "@azure/arm-resources";
import { managedIdentityPrincipals, startTestAzmi, type TestAzmi } from "../../support/azmi.js";

let azmi: TestAzmi;
let msi: ManagedServiceIdentityClient;
let rm: ResourceManagementClient;
let sub: string;

beforeAll(async () => {
  azmi = await startTestAzmi();
  sub = azmi.subscriptionId;
  const o = azmi.sdkOptions();
  msi = new ManagedServiceIdentityClient(o.credential, sub, o);
  rm = new ResourceManagementClient(o.credential, sub, o);
});
afterAll(() => azmi?.stop());
beforeEach(async () => {
  azmi.services.reset();
  await rm.resourceGroups.createOrUpdate("rg-mi", { location: "westeurope" });
  await rm.resourceGroups.createOrUpdate("rg-other", { location: "eastus" });
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function refusal(promise: Promise<unknown>): Promise<{ statusCode: number | undefined; code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    // The SDK's RestError (from @azure/core-rest-pipeline, not a direct dependency): told by its name.
    const e = err as { name?: string; statusCode?: number; code?: string; message: string };
    if (e.name === "RestError") return { statusCode: e.statusCode, code: e.code, message: e.message };
    throw err;
  }
  throw new Error("expected the request to fail");
}

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

describe("user-assigned identities (@azure/arm-msi)", () => {
  it("creates, reads, retags, moves, lists and deletes an identity, keeping its ids", async () => {
    const created = await msi.userAssignedIdentities.createOrUpdate("rg-mi", "mi-web", { location: "westeurope", tags: { env: "dev" } });
    expect(created).toMatchObject({
      id: `/subscriptions/${sub}/resourceGroups/rg-mi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-web`,
      name: "mi-web",
      type: "Microsoft.ManagedIdentity/userAssignedIdentities",
      location: "westeurope",
      tags: { env: "dev" },
      tenantId: azmi.tenantId,
      isolationScope: "None",
    });
    expect(created.principalId).toMatch(GUID);
    expect(created.clientId).toMatch(GUID);

    const shown = await msi.userAssignedIdentities.get("rg-mi", "mi-web");
    expect(shown).toMatchObject({ id: created.id, principalId: created.principalId, clientId: created.clientId, tenantId: azmi.tenantId });

    const retagged = await msi.userAssignedIdentities.update("rg-mi", "mi-web", { tags: { env: "prod", team: "x" } });
    expect(retagged.tags).toEqual({ env: "prod", team: "x" });
    expect(retagged.principalId).toBe(created.principalId);

    const moved = await msi.userAssignedIdentities.createOrUpdate("rg-mi", "mi-web", { location: "northeurope", tags: { env: "prod" } });
    expect(moved).toMatchObject({ location: "northeurope", principalId: created.principalId, clientId: created.clientId });

    await msi.userAssignedIdentities.createOrUpdate("rg-other", "mi-other", { location: "eastus" });
    const inGroup = await all(msi.userAssignedIdentities.listByResourceGroup("rg-mi"));
    expect(inGroup.map((i) => i.name)).toEqual(["mi-web"]);
    const inSubscription = await all(msi.userAssignedIdentities.listBySubscription());
    expect(inSubscription.map((i) => i.name).sort()).toEqual(["mi-other", "mi-web"]);
    expect(inSubscription.find((i) => i.name === "mi-web")).toMatchObject({
      principalId: created.principalId,
      clientId: created.clientId,
      tags: { env: "prod" },
    });

    await msi.userAssignedIdentities.delete("rg-mi", "mi-web");
    expect(await refusal(msi.userAssignedIdentities.get("rg-mi", "mi-web"))).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    // Deleting what is gone is not an error (204).
    await msi.userAssignedIdentities.delete("rg-mi", "mi-web");
  });

  it("answers 201 on create, 200 on update, 200 then 204 on delete, and resourceGroup in lists", async () => {
    const path = `/subscriptions/${sub}/resourcegroups/rg-mi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-codes?api-version=2022-01-31-preview`;
    const first = await azmi.request("PUT", path, { location: "westeurope" });
    expect(first.status).toBe(201);
    expect(first.json.properties).not.toHaveProperty("isolationScope");
    expect((await azmi.request("PUT", path, { location: "westeurope", tags: { a: "1" } })).status).toBe(200);
    const list = await azmi.request("GET", `/subscriptions/${sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2022-01-31-preview`);
    expect(list.json.value[0]).toMatchObject({ name: "mi-codes", resourceGroup: "rg-mi", tags: { a: "1" } });
    expect((await azmi.request("DELETE", path)).status).toBe(200);
    expect((await azmi.request("DELETE", path)).status).toBe(204);
  });

  it("pages lists with an absolute nextLink", async () => {
    for (const n of ["page-1", "page-2", "page-3"]) await msi.userAssignedIdentities.createOrUpdate("rg-mi", n, { location: "westeurope" });
    const first = await azmi.request(
      "GET",
      `/subscriptions/${sub}/resourceGroups/rg-mi/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30&$top=2`,
    );
    expect(first.json.value.map((i: { name: string }) => i.name)).toEqual(["page-1", "page-2"]);
    const next = new URL(first.json.nextLink);
    expect(next.origin).toBe(new URL(azmi.url).origin);
    const second = await azmi.request("GET", `${next.pathname}${next.search}`);
    expect(second.json.value.map((i: { name: string }) => i.name)).toEqual(["page-3"]);
    expect(second.json.nextLink).toBeUndefined();
  });

  it("refuses bad names, missing groups and missing locations, storing nothing", async () => {
    expect(await refusal(msi.userAssignedIdentities.createOrUpdate("rg-mi", "-bad", { location: "westeurope" }))).toMatchObject({
      statusCode: 400,
      code: "InvalidResourceName",
    });
    expect(await refusal(msi.userAssignedIdentities.createOrUpdate("rg-mi", "ab", { location: "westeurope" }))).toMatchObject({
      statusCode: 400,
      code: "InvalidResourceName",
    });
    expect(await refusal(msi.userAssignedIdentities.createOrUpdate("rg-none", "mi-x", { location: "westeurope" }))).toMatchObject({
      statusCode: 404,
      code: "ResourceGroupNotFound",
    });
    const noLocation = await azmi.request(
      "PUT",
      `/subscriptions/${sub}/resourceGroups/rg-mi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-x?api-version=2024-11-30`,
      { tags: {} },
    );
    expect(noLocation.status).toBe(400);
    expect(noLocation.json.error.code).toBe("LocationRequired");
    expect(await all(msi.userAssignedIdentities.listBySubscription())).toEqual([]);
    expect(managedIdentityPrincipals(azmi)).toBe(0);
  });

  it("backs every identity with a ManagedIdentity service principal that lives and dies with it, also when its group is deleted", async () => {
    const identity = await msi.userAssignedIdentities.createOrUpdate("rg-mi", "mi-sp", { location: "westeurope" });
    const sp = azmi.services.directory.servicePrincipals.get(identity.principalId!);
    expect(sp).toMatchObject({
      id: identity.principalId,
      appId: identity.clientId,
      displayName: "mi-sp",
      servicePrincipalType: "ManagedIdentity",
      alternativeNames: ["isExplicit=True", identity.id],
      accountEnabled: true,
      appOwnerOrganizationId: azmi.tenantId,
    });
    expect(azmi.services.directory.servicePrincipals.getByAppId(identity.clientId!)?.id).toBe(identity.principalId);
    await rm.resourceGroups.beginDeleteAndWait("rg-mi");
    expect(azmi.services.directory.servicePrincipals.get(identity.principalId!)).toBeUndefined();
    expect(azmi.services.identities.findByClientId(identity.clientId!)).toBeUndefined();
  });
});

describe("federated identity credentials (@azure/arm-msi)", () => {
  const issuer = "https://token.actions.githubusercontent.com";
  const fic = (subject: string, extra: Partial<FederatedIdentityCredential> = {}): FederatedIdentityCredential => ({
    issuer,
    subject,
    audiences: ["api://AzureADTokenExchange"],
    ...extra,
  });

  beforeEach(async () => {
    await msi.userAssignedIdentities.createOrUpdate("rg-mi", "mi-fed", { location: "westeurope" });
  });

  it("creates, reads, updates, lists and deletes credentials", async () => {
    const created = await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "gh-main", fic("repo:o/r:ref:refs/heads/main"));
    expect(created).toMatchObject({
      id: `/subscriptions/${sub}/resourceGroups/rg-mi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-fed/federatedIdentityCredentials/gh-main`,
      name: "gh-main",
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      issuer,
      subject: "repo:o/r:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
    });
    const updated = await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "gh-main", fic("repo:o/r:environment:prod"));
    expect(updated.subject).toBe("repo:o/r:environment:prod");
    expect((await msi.federatedIdentityCredentials.get("rg-mi", "mi-fed", "gh-main")).subject).toBe("repo:o/r:environment:prod");
    await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "gh-pr", fic("repo:o/r:pull_request"));
    expect((await all(msi.federatedIdentityCredentials.list("rg-mi", "mi-fed"))).map((c) => c.name)).toEqual(["gh-main", "gh-pr"]);
    expect((await all(msi.federatedIdentityCredentials.list("rg-mi", "mi-fed", { top: 1 }))).map((c) => c.name)).toEqual(["gh-main", "gh-pr"]);
    await msi.federatedIdentityCredentials.delete("rg-mi", "mi-fed", "gh-main");
    expect(await refusal(msi.federatedIdentityCredentials.get("rg-mi", "mi-fed", "gh-main"))).toMatchObject({ statusCode: 404 });
    expect((await all(msi.federatedIdentityCredentials.list("rg-mi", "mi-fed"))).map((c) => c.name)).toEqual(["gh-pr"]);
  });

  it("answers 201 then 200 on PUT and defaults the audience", async () => {
    const path = `/subscriptions/${sub}/resourceGroups/rg-mi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-fed/federatedIdentityCredentials/fic-raw?api-version=2022-01-31-preview`;
    const first = await azmi.request("PUT", path, { properties: { issuer, subject: "s1" } });
    expect(first.status).toBe(201);
    expect(first.json.properties.audiences).toEqual(["api://AzureADTokenExchange"]);
    expect((await azmi.request("PUT", path, { properties: { issuer, subject: "s2" } })).status).toBe(200);
    expect((await azmi.request("DELETE", path)).status).toBe(200);
    expect((await azmi.request("DELETE", path)).status).toBe(204);
  });

  it("refuses an http issuer, two audiences, a duplicate issuer+subject and a 21st credential, leaving the credentials as they were", async () => {
    await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "first", fic("dup"));
    const stored = async () => (await all(msi.federatedIdentityCredentials.list("rg-mi", "mi-fed"))).map((c) => [c.name, c.subject]);
    const before = await stored();

    const http = await refusal(msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "http", fic("x", { issuer: "http://insecure.example" })));
    expect(http).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(http.message).toMatch(/issuer/);
    const two = await refusal(
      msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "two", fic("y", { audiences: ["api://AzureADTokenExchange", "api://other"] })),
    );
    expect(two).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(two.message).toContain("exactly one audience");
    const dup = await refusal(msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "second", fic("dup")));
    expect(dup).toMatchObject({ statusCode: 400, code: "BadRequest", message: "Issuer and subject combination already exists for this Managed Identity." });
    // An update that would collide is refused too, and leaves the credential as it was.
    await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "other", fic("other"));
    expect((await refusal(msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "other", fic("dup")))).statusCode).toBe(400);
    expect((await msi.federatedIdentityCredentials.get("rg-mi", "mi-fed", "other")).subject).toBe("other");
    expect(await stored()).toEqual([...before, ["other", "other"]]);

    for (let i = 2; i < 20; i++) await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", `fic-${i}`, fic(`s-${i}`));
    expect(await stored()).toHaveLength(20);
    const twentyFirst = await refusal(msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "fic-21", fic("s-21")));
    expect(twentyFirst).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(await stored()).toHaveLength(20);
  });

  it("refuses a bad name and a missing parent identity", async () => {
    const bad = await refusal(msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "x", fic("s")));
    expect(bad).toMatchObject({ statusCode: 400 });
    expect(bad.message).toContain("Federated Identity Credential name 'x' is invalid");
    expect(await refusal(msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-ghost", "fic-1", fic("s")))).toMatchObject({ statusCode: 404 });
  });

  it("deletes the credentials with their identity", async () => {
    await msi.federatedIdentityCredentials.createOrUpdate("rg-mi", "mi-fed", "gone", fic("s"));
    await msi.userAssignedIdentities.delete("rg-mi", "mi-fed");
    await msi.userAssignedIdentities.createOrUpdate("rg-mi", "mi-fed", { location: "westeurope" });
    expect(await all(msi.federatedIdentityCredentials.list("rg-mi", "mi-fed"))).toEqual([]);
  });
});

describe("system-assigned identities/default (@azure/arm-msi)", () => {
  it("answers the system identity of a resource, and 404 without one", async () => {
    const created = await rm.resources.beginCreateOrUpdateByIdAndWait(
      `/subscriptions/${sub}/resourceGroups/rg-mi/providers/Microsoft.Contoso/widgets/w1`,
      "2021-01-01",
      { location: "westeurope", identity: { type: "SystemAssigned" }, properties: {} },
    );
    const scope = created.id!.slice(1);
    const identity = await msi.systemAssignedIdentities.getByScope(scope);
    expect(identity).toMatchObject({
      id: created.id,
      name: "w1",
      location: "westeurope",
      principalId: created.identity!.principalId,
      tenantId: azmi.tenantId,
    });
    expect(identity.clientId).toMatch(GUID);
    const raw = await azmi.request("GET", `${created.id}/providers/Microsoft.ManagedIdentity/identities/default?api-version=2018-11-30`);
    expect(raw.status).toBe(200);
    expect(raw.json.properties).toMatchObject({ principalId: created.identity!.principalId, clientId: identity.clientId, tenantId: azmi.tenantId });

    await rm.resources.beginCreateOrUpdateByIdAndWait(created.id!, "2021-01-01", { location: "westeurope", properties: {} });
    expect(await refusal(msi.systemAssignedIdentities.getByScope(scope))).toMatchObject({ statusCode: 404 });
  });
});
