/**
 * A hostile template cannot stall azmi: its evaluation has a budget and runs in slices. Sent
 * over HTTP as a user's deployment would be: a template doubling an array until it is huge
 * fails with InvalidTemplate naming the expression; a template doing endless work fails the
 * same way, and while it is being evaluated a GET sent afterwards is answered first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

let azmi: TestAzmi;
let group: string;

beforeAll(async () => {
  azmi = await startTestAzmi();
  group = `/subscriptions/${azmi.subscriptionId}/resourceGroups/rg-hostile`;
  expect((await azmi.request("PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
});
afterAll(() => azmi?.stop());

const deployment = (name: string, template: unknown) =>
  azmi.request("PUT", `${group}/providers/Microsoft.Resources/deployments/${name}?api-version=2025-04-01`, { properties: { mode: "Incremental", template } });

const templateWith = (variables: Record<string, string>, use: string) => ({
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  variables,
  resources: [],
  outputs: { n: { type: "int", value: use } },
});

describe("a template's evaluation has a budget", () => {
  it("a doubling concat fails with InvalidTemplate naming the expression", async () => {
    const variables: Record<string, string> = { a0: "[range(0, 10000)]" };
    for (let i = 1; i <= 24; i++) variables[`a${i}`] = `[concat(variables('a${i - 1}'), variables('a${i - 1}'))]`;
    const res = await deployment("doubling", templateWith(variables, "[length(variables('a24'))]"));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidTemplate");
    expect(res.json.error.message).toMatch(
      /The language expression '\[concat\(variables\('a\d+'\), variables\('a\d+'\)\)\]' exceeds the template evaluation budget/,
    );
  });

  it("endless work fails with InvalidTemplate, and other requests are answered while it is evaluated", async () => {
    const busy = templateWith(
      { busy: "[map(range(0, 10000), lambda('i', map(range(0, 10000), lambda('j', add(lambdaVariables('i'), lambdaVariables('j'))))))]" },
      "[length(variables('busy'))]",
    );
    let outcomeKnown = false;
    const pending = deployment("busy", busy).then((res) => {
      outcomeKnown = true;
      return res;
    });
    // Sent after the deployment, answered before its outcome is known: azmi was not stalled.
    const meanwhile = await azmi.request("GET", `${group}?api-version=2021-04-01`);
    expect(meanwhile.status).toBe(200);
    expect(outcomeKnown).toBe(false);
    const res = await pending;
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("InvalidTemplate");
    expect(res.json.error.message).toMatch(
      /The template variable 'busy' (at line '\d+' and column '\d+' )?is not valid: The language expression '\[map\(range\(0, 10000\)/,
    );
    expect(res.json.error.message).toContain("exceeds the template evaluation budget");
  }, 60_000);
});

describe("nested deployments spend their parent's budget", () => {
  // About 20% of a template's steps: one such module fits, six do not. Small enough that one
  // module also ends well inside the budget's wall time on a busy machine.
  const work = "[length(map(range(0, 190), lambda('i', length(map(range(0, 1000), lambda('j', add(lambdaVariables('i'), lambdaVariables('j'))))))))]";
  const module = (name: string) => ({
    type: "Microsoft.Resources/deployments",
    apiVersion: "2022-09-01",
    name,
    properties: {
      mode: "Incremental",
      expressionEvaluationOptions: { scope: "inner" },
      template: templateWith({}, work),
    },
  });
  const parent = (modules: number) => ({ ...templateWith({}, "[1]"), resources: Array.from({ length: modules }, (_, i) => module(`work-${i}`)) });

  async function outcome(name: string, template: unknown): Promise<any> {
    const res = await deployment(name, template);
    expect(res.status).toBeLessThan(300);
    for (let i = 0; i < 600; i++) {
      const got = await azmi.request("GET", `${group}/providers/Microsoft.Resources/deployments/${name}?api-version=2025-04-01`);
      if (!["Accepted", "Running"].includes(got.json.properties.provisioningState)) return got.json.properties;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`deployment ${name} did not finish`);
  }

  it("one module's work fits, six modules' work does not, however it is split", async () => {
    expect((await outcome("one-module", parent(1))).provisioningState).toBe("Succeeded");
    const six = await outcome("six-modules", parent(6));
    expect(six.provisioningState).toBe("Failed");
    expect(JSON.stringify(six.error)).toContain("exceeds the template evaluation budget");
  }, 120_000);
});
