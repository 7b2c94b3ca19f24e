/**
 * Resource Manager core at the wire: the answers and errors clients see that the SDK tests
 * do not reach (status codes, error codes, polling endpoints, paging links, what a refused
 * request leaves behind).
 */
import { parseResourceId } from "@azmi/arm-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

let azmi: TestAzmi;
let sub: string;
const V = "api-version=2021-04-01";

beforeAll(async () => {
  azmi = await startTestAzmi();
  sub = azmi.subscriptionId;
});
afterAll(() => azmi?.stop());
beforeEach(() => azmi.services.reset());

const group = (name: string) => `/subscriptions/${sub}/resourceGroups/${name}`;
const put = (path: string, body: unknown) => azmi.request("PUT", `${path}?${V}`, body);
const get = (path: string) => azmi.request("GET", `${path}?${V}`);

describe("resource groups", () => {
  it("answers 201 on create, 200 on update, and keeps the name's first casing", async () => {
    expect((await put(group("MyGroup"), { location: "westeurope" })).status).toBe(201);
    const again = await put(`/subscriptions/${sub}/resourcegroups/MYGROUP`, { location: "westeurope", tags: { a: "1" } });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: group("MyGroup"), name: "MyGroup", tags: { a: "1" } });
  });

  it("refuses invalid names, missing and unknown locations, and stores nothing", async () => {
    const bad = await put(group("bad*name"), { location: "westeurope" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("InvalidResourceGroup");
    expect(bad.json.error.message).toContain("'*'");
    expect((await put(group("ends."), { location: "westeurope" })).json.error.code).toBe("InvalidResourceGroup");
    expect((await put(group("x".repeat(91)), { location: "westeurope" })).status).toBe(400);

    const noLocation = await put(group("nolocation"), { tags: {} });
    expect(noLocation.status).toBe(400);
    expect(noLocation.json.error.code).toBe("LocationRequired");
    const moon = await put(group("moon"), { location: "moonbase" });
    expect(moon.json.error.code).toBe("LocationNotAvailableForResourceGroup");
    const malformed = await azmi.request("PUT", `${group("malformed")}?${V}`, "{not json", { "content-type": "application/json" });
    expect(malformed.json.error.code).toBe("InvalidRequestContent");
    const badTag = await put(group("badtag"), { location: "westeurope", tags: { "a/b": "c" } });
    expect(badTag.json.error.code).toBe("InvalidTagNameCharacters");

    expect((await get(`/subscriptions/${sub}/resourcegroups`)).json.value).toEqual([]);
  });

  it("refuses moving an existing group to another location", async () => {
    await put(group("fixed"), { location: "westeurope" });
    const moved = await put(group("fixed"), { location: "eastus" });
    expect(moved.status).toBe(409);
    expect(moved.json.error.code).toBe("InvalidResourceGroupLocation");
  });

  it("accepts Unicode letters, parentheses and periods inside names", async () => {
    const res = await put(group("Grüße_(1).v2"), { location: "westeurope" });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe("Grüße_(1).v2");
  });

  it("answers HEAD 204 and 404, GET 404 ResourceGroupNotFound, and SubscriptionNotFound for unknown subscriptions", async () => {
    await put(group("here"), { location: "westeurope" });
    expect((await azmi.request("HEAD", `${group("HERE")}?${V}`)).status).toBe(204);
    expect((await azmi.request("HEAD", `${group("gone")}?${V}`)).status).toBe(404);
    const missing = await get(group("gone"));
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: "ResourceGroupNotFound", message: "Resource group 'gone' could not be found." });
    const otherSub = await get("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/here");
    expect(otherSub.status).toBe(404);
    expect(otherSub.json.error.code).toBe("SubscriptionNotFound");
  });

  it("patches tags and managedBy, and clears tags with null", async () => {
    await put(group("patched"), { location: "westeurope", tags: { a: "1" } });
    const patched = await azmi.request("PATCH", `${group("patched")}?${V}`, { tags: { b: "2" }, managedBy: "/subscriptions/x/whatever" });
    expect(patched.json).toMatchObject({ tags: { b: "2" }, managedBy: "/subscriptions/x/whatever", location: "westeurope" });
    const cleared = await azmi.request("PATCH", `${group("patched")}?${V}`, { tags: null });
    expect(cleared.json.tags).toBeUndefined();
    expect((await azmi.request("PATCH", `${group("nothere")}?${V}`, { tags: {} })).status).toBe(404);
  });

  it("pages with $top and a nextLink on the host the client called", async () => {
    for (const name of ["g1", "g2", "g3"]) await put(group(name), { location: "westeurope" });
    const first = await azmi.request("GET", `/subscriptions/${sub}/resourcegroups?${V}&$top=2`);
    expect(first.json.value.map((g: { name: string }) => g.name)).toEqual(["g1", "g2"]);
    const next = new URL(first.json.nextLink);
    expect(next.origin).toBe(azmi.url);
    const second = await azmi.request("GET", next.pathname + next.search);
    expect(second.json.value.map((g: { name: string }) => g.name)).toEqual(["g3"]);
    expect(second.json.nextLink).toBeUndefined();
  });

  it("refuses a $filter the resource group list does not take", async () => {
    const res = await azmi.request("GET", `/subscriptions/${sub}/resourcegroups?${V}&$filter=${encodeURIComponent("resourceType eq 'x'")}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidFilterInQueryString");
  });

  it("deletes long-running: 202, a Location poll that says done, everything inside gone, scopeDeleted emitted", async () => {
    await put(group("doomed"), { location: "westeurope" });
    await put(group("kept"), { location: "westeurope" });
    const sa = `${group("doomed")}/providers/Microsoft.Storage/storageAccounts/sa1`;
    await put(sa, { location: "westeurope" });
    await put(`${sa}/blobServices/default`, {});
    const keptSa = `${group("kept")}/providers/Microsoft.Storage/storageAccounts/sa1`;
    await put(keptSa, { location: "westeurope" });
    const deleted: string[] = [];
    azmi.services.events.on("scopeDeleted", (e) => deleted.push(e.scope.id));

    const res = await azmi.request("DELETE", `${group("Doomed")}?${V}`);
    expect(res.status).toBe(202);
    expect(res.headers.get("retry-after")).toBe("0");
    const location = new URL(res.headers.get("location")!);
    // Azure tracks a group delete by Location only (azure-rest-api-specs issue 26717).
    expect(res.headers.get("azure-asyncoperation")).toBeNull();
    expect(location.searchParams.get("api-version")).toBe("2021-04-01");
    expect((await azmi.request("GET", location.pathname + location.search)).status).toBe(200);

    expect(deleted).toEqual([group("Doomed")]);
    expect((await get(group("doomed"))).status).toBe(404);
    expect(azmi.services.resources.listBelow(parseResourceId(group("doomed")))).toEqual([]);
    expect((await get(keptSa)).status).toBe(200);
    expect((await azmi.request("DELETE", `${group("doomed")}?${V}`)).status).toBe(404);
    expect((await azmi.request("GET", `/subscriptions/${sub}/operationresults/nope?${V}`)).status).toBe(404);
  });
});

describe("generic resources", () => {
  beforeEach(async () => {
    await put(group("rg"), { location: "westeurope" });
  });
  const sa = () => `${group("rg")}/providers/Microsoft.Storage/storageAccounts/Store1`;

  it("stores the body in ARM's envelope: 201 then 200, identity and plan kept as given", async () => {
    const body = {
      location: "West Europe",
      tags: { a: "b" },
      sku: { name: "Standard_LRS" },
      kind: "StorageV2",
      identity: { type: "SystemAssigned" },
      plan: { name: "p" },
      properties: { x: { y: 1 } },
    };
    const created = await put(sa(), body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      ...body,
      id: sa(),
      name: "Store1",
      type: "Microsoft.Storage/storageAccounts",
      location: "westeurope",
      properties: { x: { y: 1 }, provisioningState: "Succeeded" },
    });
    expect((await put(sa().toLowerCase(), body)).status).toBe(200);
    expect((await get(sa().toUpperCase())).json.id).toBe(sa());
  });

  it("needs its group, its parent, and a location at the top level", async () => {
    const noGroup = await put(`${group("missing")}/providers/Microsoft.Storage/storageAccounts/s`, { location: "westeurope" });
    expect(noGroup.status).toBe(404);
    expect(noGroup.json.error.code).toBe("ResourceGroupNotFound");
    const orphan = await put(`${sa()}/blobServices/default`, {});
    expect(orphan.status).toBe(404);
    expect(orphan.json.error.code).toBe("ParentResourceNotFound");
    const noLocation = await put(sa(), { properties: {} });
    expect(noLocation.status).toBe(400);
    expect(noLocation.json.error.code).toBe("LocationRequired");
    const notObject = await put(sa(), { location: "westeurope", properties: [1] });
    expect(notObject.json.error.code).toBe("InvalidRequestContent");
    expect((await get(sa())).status).toBe(404);
    expect((await get(sa())).json.error.code).toBe("ResourceNotFound");
  });

  it("stores subscription-level resources without a location and leaves them out of /resources", async () => {
    const pricing = `/subscriptions/${sub}/providers/Microsoft.Security/pricings/VirtualMachines`;
    const res = await put(pricing, { properties: { pricingTier: "Free" } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: pricing, type: "Microsoft.Security/pricings", properties: { pricingTier: "Free" } });
    expect((await get(`/subscriptions/${sub}/resources`)).json.value).toEqual([]);
  });

  it("patches tags and merges properties", async () => {
    await put(sa(), { location: "westeurope", properties: { a: 1, b: { c: 2 } } });
    const patched = await azmi.request("PATCH", `${sa()}?${V}`, { tags: { t: "1" }, properties: { b: { d: 3 } } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ tags: { t: "1" }, properties: { a: 1, b: { c: 2, d: 3 }, provisioningState: "Succeeded" } });
  });

  it("deletes with its children, emits scopeDeleted, and answers 204 when already gone", async () => {
    await put(sa(), { location: "westeurope" });
    await put(`${sa()}/blobServices/default`, {});
    const deleted: string[] = [];
    azmi.services.events.on("scopeDeleted", (e) => deleted.push(e.scope.id));
    expect((await azmi.request("DELETE", `${sa()}?${V}`)).status).toBe(200);
    expect(deleted).toEqual([sa()]);
    expect((await get(`${sa()}/blobServices/default`)).status).toBe(404);
    expect((await azmi.request("DELETE", `${sa()}?${V}`)).status).toBe(204);
  });

  it("lists a type's collection in the group, the subscription and under a parent", async () => {
    await put(sa(), { location: "westeurope" });
    await put(`${group("rg")}/providers/Microsoft.Storage/storageAccounts/store2`, { location: "westeurope" });
    await put(`${group("rg")}/providers/Microsoft.Cache/redis/kv`, { location: "westeurope" });
    await put(`${sa()}/blobServices/default`, {});
    const inGroup = await get(`${group("rg")}/providers/Microsoft.Storage/storageAccounts`);
    expect(inGroup.json.value.map((r: { name: string }) => r.name)).toEqual(["Store1", "store2"]);
    const inSub = await get(`/subscriptions/${sub}/providers/Microsoft.Cache/redis`);
    expect(inSub.json.value.map((r: { name: string }) => r.name)).toEqual(["kv"]);
    const children = await get(`${sa()}/blobServices`);
    expect(children.json.value.map((r: { name: string }) => r.name)).toEqual(["default"]);
  });

  it("lists /resources with filters and paging, without child or extension resources", async () => {
    await put(sa(), { location: "westeurope", tags: { env: "prod" } });
    await put(`${sa()}/blobServices/default`, {});
    await put(`${sa()}/providers/Microsoft.Insights/diagnosticSettings/diag`, { properties: {} });
    await put(`${group("rg")}/providers/Microsoft.Cache/redis/kv`, { location: "eastus" });
    await put(`${group("rg")}/providers/Microsoft.Authorization/locks/nodelete`, { properties: { level: "CanNotDelete" } });

    const all = await get(`${group("rg")}/resources`);
    expect(all.json.value.map((r: { name: string }) => r.name)).toEqual(["kv", "Store1"]);
    expect(all.json.value[0]).not.toHaveProperty("properties");
    const q = (filter: string) => azmi.request("GET", `/subscriptions/${sub}/resources?${V}&$filter=${encodeURIComponent(filter)}`);
    expect((await q("resourceType eq 'microsoft.cache/redis'")).json.value.map((r: { name: string }) => r.name)).toEqual(["kv"]);
    expect((await q("tagName eq 'env' and tagValue eq 'prod'")).json.value.map((r: { name: string }) => r.name)).toEqual(["Store1"]);
    expect((await q("bogus")).json.error.code).toBe("InvalidFilterInQueryString");

    const expanded = await azmi.request("GET", `${group("rg")}/resources?${V}&$expand=provisioningState,createdTime&$top=1`);
    expect(expanded.json.value).toHaveLength(1);
    expect(expanded.json.value[0]).toMatchObject({ provisioningState: "Succeeded", createdTime: expect.any(String) });
    expect(expanded.json.nextLink).toContain("%24skiptoken=");
    expect((await get(`${group("missing")}/resources`)).json.error.code).toBe("ResourceGroupNotFound");
  });
});

describe("providers", () => {
  const ns = (name: string, action = "") => `/subscriptions/${sub}/providers/${name}${action}`;

  it("unregisters and registers again, and lists a newly registered namespace", async () => {
    const off = await azmi.request("POST", `${ns("Microsoft.Compute", "/unregister")}?${V}`);
    expect(off.json).toMatchObject({ namespace: "Microsoft.Compute", registrationState: "NotRegistered" });
    expect((await get(ns("microsoft.compute"))).json.registrationState).toBe("NotRegistered");
    const on = await azmi.request("POST", `${ns("Microsoft.Compute", "/register")}?${V}`);
    expect(on.json.registrationState).toBe("Registered");

    await azmi.request("POST", `${ns("Contoso.Widgets", "/register")}?${V}`);
    const list = await get(`/subscriptions/${sub}/providers`);
    expect(list.json.value.map((p: { namespace: string }) => p.namespace)).toContain("Contoso.Widgets");
  });

  it("answers tenant-scope providers without a registration state, and 404 for a malformed namespace", async () => {
    const tenant = await get("/providers/Microsoft.Resources");
    expect(tenant.json).toMatchObject({ id: "/providers/Microsoft.Resources", namespace: "Microsoft.Resources" });
    expect(tenant.json.registrationState).toBeUndefined();
    expect((await get("/providers")).json.value.length).toBeGreaterThan(60);
    const bad = await get(ns("nodots"));
    expect(bad.status).toBe(404);
    expect(bad.json.error.code).toBe("InvalidResourceNamespace");
  });
});
