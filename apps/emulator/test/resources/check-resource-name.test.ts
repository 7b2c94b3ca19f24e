/** POST /providers/Microsoft.Resources/checkResourceName by the reserved-word rule ARM documents, through @azure/arm-resources-subscriptions. */
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

let azmi: TestAzmi;
let client: SubscriptionClient;
beforeAll(async () => {
  azmi = await startTestAzmi();
  const o = azmi.sdkOptions();
  client = new SubscriptionClient(o.credential, o);
});
afterAll(() => azmi.stop());

describe("checkResourceName", () => {
  it.each([
    ["my-app", "Allowed"],
    ["azure", "Reserved"],
    ["Azure-app", "Allowed"],
    ["mymicrosoftapp", "Reserved"],
    ["WindowsBox", "Reserved"],
    ["loginportal", "Reserved"],
    ["portal-login", "Allowed"],
    ["isxbox", "Allowed"],
  ])("answers %s as %s", async (name, status) => {
    const result = await client.checkResourceName({ resourceNameDefinition: { name, type: "Microsoft.Web/sites" } });
    expect(result).toEqual({ name, type: "Microsoft.Web/sites", status });
  });

  it("refuses a body without name or type with 400 InvalidRequestContent", async () => {
    const res = await azmi.request("POST", "/providers/Microsoft.Resources/checkResourceName?api-version=2022-12-01", { name: "x" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidRequestContent");
  });
});
