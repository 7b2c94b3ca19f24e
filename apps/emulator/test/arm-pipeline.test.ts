import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "./support/azmi.js";
import { echoProviders } from "./support/echo-provider.js";

const rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1";
const thing = `${rg}/providers/Test.Echo/things/t1`;
const v = "api-version=2024-01-01";

describe("ARM pipeline and dispatch", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi({ providers: echoProviders });
  });
  afterAll(() => azmi.stop());

  it("stores through PUT and reads back with GET, matching paths case-insensitively", async () => {
    const put = await azmi.request("PUT", `${thing}?${v}`, { location: "westeurope", properties: { size: 3 } });
    expect(put.status).toBe(201);
    const get = await azmi.request("GET", `${thing.toUpperCase().replace("API", "api")}?${v}`.replace("/SUBSCRIPTIONS", "/subscriptions"));
    expect(get.status).toBe(200);
    expect(get.json).toMatchObject({ location: "westeurope", properties: { size: 3 } });
    expect(get.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("carries request ids, echoes the correlation id and the client request id, and rate-limit headers", async () => {
    const res = await azmi.request("GET", `${thing}?${v}`, undefined, { "x-ms-correlation-request-id": "corr-1", "x-ms-client-request-id": "client-1" });
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ms-correlation-request-id")).toBe("corr-1");
    expect(res.headers.get("x-ms-client-request-id")).toBe("client-1");
    expect(res.headers.get("x-ms-ratelimit-remaining-subscription-reads")).toMatch(/^\d+$/);
    const write = await azmi.request("PUT", `${rg}/providers/Test.Echo/things/t2?${v}`, { location: "x" });
    expect(write.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toMatch(/^\d+$/);
    expect(write.headers.get("x-ms-correlation-request-id")).toBe(write.headers.get("x-ms-request-id"));
  });

  it("collapses repeated slashes", async () => {
    const res = await azmi.request("GET", `//subscriptions//00000000-0000-0000-0000-000000000000/resourceGroups/rg1//providers/Test.Echo/things/t1?${v}`);
    expect(res.status).toBe(200);
  });

  it("answers 400 MissingApiVersionParameter, and NoRegisteredProviderFound naming the supported versions", async () => {
    const missing = await azmi.request("GET", thing);
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("MissingApiVersionParameter");
    expect(missing.headers.get("x-ms-request-id")).not.toBeNull();
    const bad = await azmi.request("GET", `${thing}?api-version=1999-01-01`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("NoRegisteredProviderFound");
    expect(bad.json.error.message).toContain("2020-01-01-preview");
    const refusedPut = await azmi.request("PUT", `${rg}/providers/Test.Echo/things/bad-version?api-version=1999-01-01`, { location: "x" });
    expect(refusedPut.status).toBe(400);
    expect((await azmi.request("GET", `${rg}/providers/Test.Echo/things/bad-version?${v}`)).status).toBe(404);
  });

  it("refuses malformed JSON with 400 InvalidRequestContent and stores nothing", async () => {
    const id = `${rg}/providers/Test.Echo/things/broken-json`;
    const res = await azmi.request("PUT", `${id}?${v}`, '{"location": "x",');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidRequestContent");
    expect((await azmi.request("GET", `${id}?${v}`)).status).toBe(404);
  });

  it("turns a zod failure in a handler into 400 InvalidRequestContent naming the field", async () => {
    const id = `${rg}/providers/Test.Echo/things/bad-type`;
    const res = await azmi.request("PUT", `${id}?${v}`, { location: "x", properties: { size: "big" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidRequestContent");
    expect(res.json.error.message).toContain("properties.size");
    expect((await azmi.request("GET", `${id}?${v}`)).status).toBe(404);
  });

  it("refuses a body over 4 MB with 413 in the ARM envelope and stores nothing", async () => {
    const id = `${rg}/providers/Test.Echo/things/huge`;
    const huge = JSON.stringify({ location: "x", padding: "a".repeat(4 * 1024 * 1024 + 10) });
    const res = await azmi.request("PUT", `${id}?${v}`, huge);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("RequestEntityTooLarge");
    expect((await azmi.request("GET", `${id}?${v}`)).status).toBe(404);
  });

  it("answers 500 InternalServerError without the stack for an unexpected handler failure", async () => {
    const res = await azmi.request("GET", `${rg}/providers/Test.Echo/broken/b1?${v}`);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: { code: "InternalServerError", message: expect.any(String) } });
    expect(res.text).not.toContain("secret stack detail");
  });

  it("dispatches a POST action to the parent's handler and a collection POST to the type's handler", async () => {
    const action = await azmi.request("POST", `${thing}/LISTKEYS?${v}`);
    expect(action.json).toEqual({ action: "listKeys", id: thing, apiVersion: "2024-01-01" });
    const post = await azmi.request("POST", `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Test.Echo/checkNameAvailability?${v}`);
    expect(post.json).toEqual({ posted: "/subscriptions/00000000-0000-0000-0000-000000000000" });
  });

  it("lists a collection with GET, answers HEAD like GET without a body, and 405 for a method no handler has", async () => {
    const list = await azmi.request("GET", `${rg}/providers/Test.Echo/things?${v}`);
    expect(list.json.value.length).toBeGreaterThan(0);
    const head = await azmi.request("HEAD", `${thing}?${v}`);
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(head.headers.get("x-echo-method")).toBe("get");
    const patch = await azmi.request("PATCH", `${thing}?${v}`, { location: "x" });
    expect(patch.status).toBe(405);
    expect(patch.json.error.code).toBe("MethodNotAllowed");
  });

  it("answers an empty 202 without Koa's status text", async () => {
    const res = await azmi.request("DELETE", `${rg}/providers/Test.Echo/things/t2?${v}`);
    expect(res.status).toBe(202);
    expect(res.text).toBe("");
    expect(res.headers.get("location")).toBe(`${azmi.url}/done`);
  });

  it("routes provider namespaces to the Microsoft.Resources/providers handler", async () => {
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000000";
    const get = await azmi.request("GET", `${sub}/providers/Microsoft.Web?api-version=2021-04-01`);
    expect(get.json).toEqual({ id: `${sub}/providers/Microsoft.Web`, namespace: "Microsoft.Web", registrationState: "Registered" });
    const register = await azmi.request("POST", `${sub}/providers/Microsoft.Web/register?api-version=2021-04-01`);
    expect(register.json).toEqual({ registered: "Microsoft.Web", id: `${sub}/providers/Microsoft.Web` });
    const list = await azmi.request("GET", `${sub}/providers?api-version=2021-04-01`);
    expect(list.json).toEqual({ value: [], scope: sub });
    const tenantLevel = await azmi.request("GET", `/providers/Microsoft.Web?api-version=2021-04-01`);
    expect(tenantLevel.json.id).toBe("/providers/Microsoft.Web");
  });

  it("sends types of namespaces no provider owns to the generic handler, unknown types of owned ones to 404", async () => {
    const generic = await azmi.request("GET", `${rg}/providers/Contoso.Widgets/widgets/w?api-version=2023-05-01`);
    expect(generic.json).toEqual({ generic: true, type: "Contoso.Widgets/widgets", apiVersion: "2023-05-01" });
    const unknown = await azmi.request("GET", `${rg}/providers/Test.Echo/nothing/x?${v}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("InvalidResourceType");
  });

  it("answers unknown routes with an ARM-shaped 404, never HTML", async () => {
    for (const path of ["/nothing/here", "/", "/favicon.ico"]) {
      const res = await azmi.request("GET", path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.json.error.code).toBe("InvalidResourceType");
    }
  });
});
