/**
 * Bodies and names built to hurt: JSON nested past Azure's 64 levels, resource and deployment
 * names with the characters Resource Manager forbids. Each is a 4xx with Azure's code, and
 * nothing is stored; what is already stored, however deep, stays readable.
 */
import { ResourceManagementClient } from "@azure/arm-resources";
import { parseResourceId } from "@azmi/arm-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

/** `levels` objects nested in each other: {"a":{"a":...{}}}. */
function nested(levels: number): unknown {
  let value: unknown = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const code = (res: { json: unknown }) => (res.json as { error?: { code?: string } }).error?.code;

describe("hostile bodies and names", () => {
  let azmi: TestAzmi;
  let group: string;
  beforeAll(async () => {
    azmi = await startTestAzmi();
    group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/hostile-bodies`;
    expect((await azmi.request("PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
  });
  afterAll(() => azmi.stop());

  const account = (name: string) => `${group}/providers/Microsoft.Storage/storageAccounts/${name}?api-version=2023-01-01`;

  it("refuses a Resource Manager body nested 65 deep with 400 InvalidRequestContent and stores nothing; 64 is fine", async () => {
    // The body itself is level 1, so properties may hold 63 levels.
    const refused = await azmi.request("PUT", account("deep65"), { location: "westeurope", properties: nested(64) });
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("InvalidRequestContent");
    expect((await azmi.request("GET", account("deep65"))).status).toBe(404);
    const accepted = await azmi.request("PUT", account("deep64"), { location: "westeurope", properties: nested(63) });
    expect(accepted.status).toBe(201);
  });

  it("refuses a body nested a million deep without falling over", async () => {
    const text = `{"location":"westeurope","properties":${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}}`;
    const refused = await azmi.request("PUT", account("deepest"), text);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("InvalidRequestContent");
    expect((await azmi.request("GET", account("deepest"))).status).toBe(404);
  });

  it("refuses deployment parameters nested 65 deep (lenient JSON as az sends it) and stores no deployment", async () => {
    const deployment = `${group}/providers/Microsoft.Resources/deployments/deep-parameters?api-version=2022-09-01`;
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      parameters: { p: { type: "object" } },
      resources: [],
    };
    // body 1, properties 2, parameters 3, p 4, value 5..65
    const body = `{"properties": {"mode": "Incremental", template: ${JSON.stringify(template)}, "parameters": {"p": {"value": ${JSON.stringify(nested(61))}}}}}`;
    const refused = await azmi.request("PUT", deployment, body);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("InvalidRequestContent");
    expect((await azmi.request("GET", deployment)).status).toBe(404);
  });

  it("refuses a Graph body nested 65 deep with Graph's 400 and creates nothing", async () => {
    const refused = await azmi.request("POST", "/v1.0/applications", { displayName: "deep-app", tags: [], web: nested(64) });
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("Request_BadRequest");
    expect((refused.json as { error: { message: string } }).error.message).toContain("deeper than the maximum of 64 levels");
    const listed = await azmi.request("GET", `/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'deep-app'")}`);
    expect((listed.json as { value: unknown[] }).value).toEqual([]);
  });

  it("still reads a resource stored with deeper nesting before the limit existed", async () => {
    const id = `${group}/providers/Microsoft.Storage/storageAccounts/olddeep`;
    azmi.services.resources.put(parseResourceId(id), {
      id,
      name: "olddeep",
      type: "Microsoft.Storage/storageAccounts",
      location: "westeurope",
      properties: { provisioningState: "Succeeded", deep: nested(200) },
    });
    const read = await azmi.request("GET", `${id}?api-version=2023-01-01`);
    expect(read.status).toBe(200);
    expect((read.json as { properties: { deep: unknown } }).properties.deep).toEqual(nested(200));
    const list = await azmi.request("GET", `${group}/resources?api-version=2021-04-01`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.json)).toContain("olddeep");
  });

  it("refuses generic resource names with characters Resource Manager forbids, through the SDK, and stores nothing", async () => {
    const options = azmi.sdkOptions();
    const rm = new ResourceManagementClient(options.credential, azmi.subscriptionId, options);
    for (const name of ["a<b", "a>b", "a%b", "a&b", "a:b", "a\\b", "a?b", "a\u0001b", "x".repeat(261)]) {
      const error = await rm.resources
        .beginCreateOrUpdateAndWait("hostile-bodies", "Microsoft.Storage", "", "storageAccounts", name, "2023-01-01", { location: "westeurope" })
        .then(
          () => undefined,
          (e: { statusCode?: number; code?: string }) => e,
        );
      expect([JSON.stringify(name), error?.statusCode, error?.code]).toEqual([JSON.stringify(name), 400, "InvalidResourceName"]);
    }
    const stored = await azmi.request("GET", `${group}/resources?api-version=2021-04-01`);
    const names = (stored.json as { value: Array<{ name: string }> }).value.map((r) => r.name);
    expect(names.filter((n) => n.startsWith("a") && n.length === 3)).toEqual([]);
    const fine = await rm.resources.beginCreateOrUpdateAndWait("hostile-bodies", "Microsoft.Storage", "", "storageAccounts", "fine.name_(1)-x", "2023-01-01", {
      location: "westeurope",
    });
    expect(fine.name).toBe("fine.name_(1)-x");
  });

  it("refuses deployment names Azure refuses (characters, length) with InvalidDeployment", async () => {
    const template = { $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", resources: [] };
    const deploy = (name: string) =>
      azmi.request("PUT", `${group}/providers/Microsoft.Resources/deployments/${name}?api-version=2022-09-01`, {
        properties: { mode: "Incremental", template },
      });
    for (const name of ["bad%20name", "bad%3Cname", "a%26b", "x".repeat(65)]) {
      const refused = await deploy(name);
      expect([name, refused.status, code(refused)]).toEqual([name, 400, "InvalidDeployment"]);
      expect((refused.json as { error: { message: string } }).error.message).toMatch(
        /^The provided deployment name '.*' has (these invalid characters|a length of)/,
      );
    }
    const list = await azmi.request("GET", `${group}/providers/Microsoft.Resources/deployments?api-version=2022-09-01`);
    expect((list.json as { value: unknown[] }).value).toEqual([]);
    expect((await deploy("ok.name_(1)-x")).status).toBe(201);
  });
});
