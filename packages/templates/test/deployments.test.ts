import { describe, expect, test } from "vitest";
import { ArmError } from "@azmi/arm-core";
import { parseLenientJson, planDeployment, positionsOf, whatIf, type JsonObject } from "../src/index.js";
import { deploy, MemoryGateway, RG_ID, rgRequest, template } from "./support/memory-gateway.js";

const IDENTITY = "Microsoft.ManagedIdentity/userAssignedIdentities";
const idOf = (name: string) => `${RG_ID}/providers/${IDENTITY}/${name}`;

async function planError(body: unknown, parameters: Record<string, unknown> = {}): Promise<ArmError> {
  try {
    await planDeployment(rgRequest(body, parameters));
  } catch (error) {
    if (error instanceof ArmError) return error;
    throw error;
  }
  throw new Error("expected the plan to fail");
}

describe("resources, loops and conditions", () => {
  test("copy loops, copyIndex with offset, conditions and property copies", async () => {
    const { outcome, gateway } = await deploy(
      template({
        parameters: { count: { type: "int", defaultValue: 3 }, withExtra: { type: "bool", defaultValue: false } },
        resources: [
          {
            type: IDENTITY,
            apiVersion: "2023-01-31",
            name: "[format('id-{0}', copyIndex(1))]",
            location: "[resourceGroup().location]",
            copy: { name: "ids", count: "[parameters('count')]" },
            properties: { copy: [{ name: "tagsList", count: 2, input: "[concat('t', copyIndex('tagsList'))]" }] },
          },
          { condition: "[parameters('withExtra')]", type: IDENTITY, apiVersion: "2023-01-31", name: "extra", location: "westeurope" },
        ],
        outputs: {
          names: { type: "array", copy: { count: "[parameters('count')]", input: "[format('id-{0}', add(copyIndex(), 1))]" } },
        },
      }),
    );
    expect(outcome.error).toBeUndefined();
    expect([...gateway.resources.keys()].sort()).toEqual([idOf("id-1"), idOf("id-2"), idOf("id-3")].map((s) => s.toLowerCase()));
    expect((gateway.resources.get(idOf("id-2").toLowerCase())!.properties as JsonObject).tagsList).toEqual(["t0", "t1"]);
    expect(outcome.outputs.names).toEqual({ type: "Array", value: ["id-1", "id-2", "id-3"] });
  });

  test("dependsOn orders resources (ids, names, loop names) and reference() reads what was deployed", async () => {
    const { outcome, gateway } = await deploy(
      template({
        resources: [
          {
            type: "Microsoft.Authorization/roleAssignments",
            apiVersion: "2022-04-01",
            name: "[guid('ra')]",
            dependsOn: ["[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'first')]", "loop"],
            properties: { principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'first'), '2023-01-31').principalId]" },
          },
          {
            type: IDENTITY,
            apiVersion: "2023-01-31",
            name: "[concat('l', copyIndex())]",
            location: "westeurope",
            copy: { name: "loop", count: 2, mode: "serial", batchSize: 1 },
          },
          { type: IDENTITY, apiVersion: "2023-01-31", name: "first", location: "westeurope" },
        ],
        outputs: { principal: { type: "string", value: "[reference('first').principalId]" } },
      }),
    );
    expect(outcome.error).toBeUndefined();
    const order = gateway.puts.map((p) => p.id.split("/").pop());
    expect(order.indexOf("l0")).toBeLessThan(order.indexOf("l1"));
    expect(order[order.length - 1]).toBe(order.find((n) => n !== "l0" && n !== "l1" && n !== "first"));
    expect(outcome.outputs.principal).toEqual({ type: "String", value: "principal-of-first" });
    const assignment = gateway.puts.find((p) => p.type === "Microsoft.Authorization/roleAssignments")!;
    expect(assignment.body).toEqual({ properties: { principalId: "principal-of-first" } });
  });

  test("implicit dependency from reference() of a template resource", async () => {
    const { gateway } = await deploy(
      template({
        resources: [
          {
            type: "Microsoft.Web/sites",
            apiVersion: "2022-09-01",
            name: "app",
            location: "westeurope",
            properties: { x: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'later')).principalId]" },
          },
          { type: IDENTITY, apiVersion: "2023-01-31", name: "later", location: "westeurope" },
        ],
      }),
    );
    expect(gateway.puts.map((p) => p.id.split("/").pop())).toEqual(["later", "app"]);
  });

  test("a failing resource fails the deployment with its error; dependents are not attempted; independent ones are", async () => {
    const gateway = new MemoryGateway();
    gateway.refuse.set(idOf("locked").toLowerCase(), { status: 409, code: "ScopeLocked", message: "The scope is locked." });
    const { outcome, operations } = await deploy(
      template({
        resources: [
          { type: IDENTITY, apiVersion: "2023-01-31", name: "locked", location: "westeurope" },
          { type: IDENTITY, apiVersion: "2023-01-31", name: "dependent", location: "westeurope", dependsOn: ["locked"] },
          { type: IDENTITY, apiVersion: "2023-01-31", name: "independent", location: "westeurope" },
        ],
      }),
      {},
      gateway,
    );
    expect(outcome.error?.code).toBe("DeploymentFailed");
    expect(outcome.error?.details).toEqual([{ code: "ScopeLocked", message: "The scope is locked.", target: idOf("locked") }]);
    expect(operations.map((o) => [o.resource.name, o.provisioningState, o.statusCode])).toEqual([
      ["locked", "Failed", "Conflict"],
      ["independent", "Succeeded", "Created"],
    ]);
  });

  test("circular dependsOn is InvalidTemplate 'Circular dependency'", async () => {
    const error = await planError(
      template({
        resources: [
          { type: IDENTITY, apiVersion: "2023-01-31", name: "a", dependsOn: ["b"] },
          { type: IDENTITY, apiVersion: "2023-01-31", name: "b", dependsOn: ["a"] },
        ],
      }),
    );
    expect(error.code).toBe("InvalidTemplate");
    expect(error.message).toMatch(/Circular dependency detected on resource: '.*\/a' and '.*\/b'/);
  });

  test("dependsOn naming nothing in the template", async () => {
    const error = await planError(template({ resources: [{ type: IDENTITY, apiVersion: "2023-01-31", name: "a", dependsOn: ["ghost"] }] }));
    expect(error.message).toContain("The resource 'ghost' is not defined in the template.");
  });
});

describe("validation errors", () => {
  const params = template({
    parameters: {
      sku: { type: "string", allowedValues: ["A", "B"], defaultValue: "A" },
      name: { type: "string", minLength: 3, maxLength: 5 },
      count: { type: "int", minValue: 1, maxValue: 3, defaultValue: 1 },
      secret: { type: "securestring", defaultValue: "hidden" },
    },
  });

  test("missing parameter", async () => {
    expect((await planError(params)).message).toContain("The value for the template parameter 'name' is not provided.");
  });
  test("allowedValues", async () => {
    expect((await planError(params, { name: "abc", sku: "C" })).message).toContain(
      "The provided value 'C' for the template parameter 'sku' is not valid. The parameter value is not part of the allowed value(s): 'A,B'.",
    );
  });
  test("minLength and maxLength", async () => {
    expect((await planError(params, { name: "ab" })).message).toContain("Length of the value should be greater than or equal to '3'.");
    expect((await planError(params, { name: "abcdef" })).message).toContain("Length of the value should be less than or equal to '5'.");
  });
  test("minValue and maxValue", async () => {
    expect((await planError(params, { name: "abc", count: 4 })).message).toContain("The value should be less than or equal to '3'.");
    expect((await planError(params, { name: "abc", count: 0 })).message).toContain("The value should be greater than or equal to '1'.");
  });
  test("types", async () => {
    expect((await planError(params, { name: "abc", count: "2" })).message).toContain(
      "Template parameter JToken type is not valid. Expected 'Integer'. Actual 'String'.",
    );
  });
  test("parameters the template does not declare", async () => {
    expect((await planError(params, { name: "abc", nope: 1 })).message).toMatch(/The template parameters 'nope' in the parameters file are not valid/);
  });
  test("secure parameters are not shown", async () => {
    const plan = await planDeployment(rgRequest(params, { name: "abc" }));
    expect(plan.context.deploymentObject().properties).toMatchObject({
      parameters: { secret: { type: "SecureString" }, name: { type: "String", value: "abc" } },
    });
  });
  test("unknown function, with the line and column of the resource", async () => {
    const text = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "${IDENTITY}",
      "apiVersion": "2023-01-31",
      "name": "[bogus('x')]"
    }
  ]
}`;
    const parsed = parseLenientJson(text);
    const positions = positionsOf(parsed)!;
    const error = await (async () => {
      try {
        await planDeployment({
          ...rgRequest(parsed),
          locateTemplate: (path) => {
            const p = positions.get(path);
            return p && { ...p, path };
          },
        });
      } catch (e) {
        return e as ArmError;
      }
      throw new Error("expected failure");
    })();
    expect(error.code).toBe("InvalidTemplate");
    expect(error.message).toBe(
      "Deployment template validation failed: 'The template resource '[bogus('x')]' at line '5' and column '5' is not valid: The template function 'bogus' is not valid. Please see https://aka.ms/arm-functions for usage details.'.",
    );
    expect(error.toBody().error.additionalInfo).toEqual([{ type: "TemplateViolation", info: { lineNumber: 5, linePosition: 5, path: "resources[0]" } }]);
  });
  test("expression syntax errors name the expression", async () => {
    const error = await planError(template({ variables: { v: "[concat('a']" } }));
    expect(error.message).toContain("The template variable 'v' is not valid: The language expression '[concat('a']' is not valid");
  });
  test("segment lengths of name and type must agree", async () => {
    const error = await planError(template({ resources: [{ type: "Microsoft.Web/sites/config", apiVersion: "2022-09-01", name: "web" }] }));
    expect(error.message).toContain("has incorrect segment lengths");
  });
});

describe("lenient JSON as az sends it", () => {
  test("comments, an unquoted key and trailing commas", () => {
    const body = parseLenientJson('{"properties": {"mode": "Incremental", template:{ // c\n "a": [1,2,], /* x */ }}}');
    expect(body).toEqual({ properties: { mode: "Incremental", template: { a: [1, 2] } } });
  });
});

describe("nested deployments (Bicep modules) and symbolic names", () => {
  const moduleTemplate = {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { name: { type: "string" } },
    resources: [{ type: IDENTITY, apiVersion: "2023-01-31", name: "[parameters('name')]", location: "[resourceGroup().location]" }],
    outputs: {
      principalId: {
        type: "string",
        value: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('name')), '2023-01-31').principalId]",
      },
    },
  };

  test("a module with inner scope gets its parameters from the parent and its outputs reach the parent", async () => {
    const { outcome, gateway } = await deploy(
      template({
        parameters: { prefix: { type: "string", defaultValue: "mod" } },
        resources: [
          {
            type: "Microsoft.Resources/deployments",
            apiVersion: "2022-09-01",
            name: "identityModule",
            properties: {
              expressionEvaluationOptions: { scope: "inner" },
              mode: "Incremental",
              parameters: { name: { value: "[format('{0}-id', parameters('prefix'))]" } },
              template: moduleTemplate,
            },
          },
        ],
        outputs: {
          fromModule: {
            type: "string",
            value: "[reference(resourceId('Microsoft.Resources/deployments', 'identityModule'), '2022-09-01').outputs.principalId.value]",
          },
        },
      }),
    );
    expect(outcome.error).toBeUndefined();
    expect(gateway.resources.has(idOf("mod-id").toLowerCase())).toBe(true);
    expect(outcome.outputs.fromModule).toEqual({ type: "String", value: "principal-of-mod-id" });
    const put = gateway.puts.find((p) => p.isDeployment)!;
    expect((put.body.properties as JsonObject).template).toEqual(moduleTemplate);
  });

  test("languageVersion 2.0: symbolic names, existing resources, reference('symbol') and resourceInfo()", async () => {
    const gateway = new MemoryGateway();
    gateway.resources.set(idOf("pre").toLowerCase(), { id: idOf("pre"), name: "pre", type: IDENTITY, properties: { principalId: "existing-principal" } });
    const { outcome } = await deploy(
      {
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        languageVersion: "2.0",
        contentVersion: "1.0.0.0",
        resources: {
          pre: { existing: true, type: IDENTITY, apiVersion: "2023-01-31", name: "pre" },
          ids: { copy: { name: "ids", count: 2 }, type: IDENTITY, apiVersion: "2023-01-31", name: "[format('s{0}', copyIndex())]", location: "westeurope" },
          lock: {
            type: "Microsoft.Authorization/locks",
            apiVersion: "2020-05-01",
            scope: "[format('Microsoft.ManagedIdentity/userAssignedIdentities/{0}', 's1')]",
            name: "nodelete",
            properties: { level: "CanNotDelete" },
            dependsOn: ["ids"],
          },
        },
        outputs: {
          existing: { type: "string", value: "[reference('pre').principalId]" },
          second: { type: "string", value: "[reference('ids[1]').principalId]" },
          info: { type: "string", value: "[resourceInfo('lock').id]" },
        },
      },
      {},
      gateway,
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.outputs.existing).toEqual({ type: "String", value: "existing-principal" });
    expect(outcome.outputs.second).toEqual({ type: "String", value: "principal-of-s1" });
    expect(outcome.outputs.info).toEqual({ type: "String", value: `${idOf("s1")}/providers/Microsoft.Authorization/locks/nodelete` });
    expect(gateway.puts.map((p) => p.id.split("/").pop())).toEqual(["s0", "s1", "nodelete"]);
  });
});

describe("what-if", () => {
  test("Create, Modify with deltas, NoChange and Ignore", async () => {
    const gateway = new MemoryGateway();
    const t = template({
      resources: [
        { type: IDENTITY, apiVersion: "2023-01-31", name: "same", location: "westeurope", tags: { a: "1" } },
        { type: IDENTITY, apiVersion: "2023-01-31", name: "changed", location: "westeurope", tags: { a: "2" } },
        {
          type: IDENTITY,
          apiVersion: "2023-01-31",
          name: "new",
          location: "westeurope",
          properties: { p: "[reference('newer').principalId]", q: "[reference('same', '2023-01-31', 'Full').location]" },
        },
        { type: IDENTITY, apiVersion: "2023-01-31", name: "newer", location: "westeurope" },
      ],
    });
    gateway.resources.set(idOf("same").toLowerCase(), { id: idOf("same"), name: "same", type: IDENTITY, location: "westeurope", tags: { a: "1" } });
    gateway.resources.set(idOf("changed").toLowerCase(), { id: idOf("changed"), name: "changed", type: IDENTITY, location: "westeurope", tags: { a: "1" } });
    gateway.resources.set(idOf("other").toLowerCase(), { id: idOf("other"), name: "other", type: IDENTITY, location: "westeurope" });
    const changes = await whatIf(await planDeployment(rgRequest(t)), gateway);
    const byName = Object.fromEntries(changes.map((c) => [c.resourceId.split("/").pop(), c]));
    expect(byName.same!.changeType).toBe("NoChange");
    expect(byName.changed!.changeType).toBe("Modify");
    expect(byName.changed!.delta).toEqual([{ path: "tags.a", propertyChangeType: "Modify", before: "1", after: "2" }]);
    expect(byName.new!.changeType).toBe("Create");
    // Not deployed yet: shown as the expression; deployed already: its current value.
    expect((byName.new!.after!.properties as JsonObject).p).toBe("[reference('newer').principalId]");
    expect(byName.new!.after!.properties).toMatchObject({ q: "westeurope" });
    expect(byName.other!.changeType).toBe("Ignore");
    expect(gateway.puts).toEqual([]);
  });
});

describe("more of the language", () => {
  test("property names may be expressions (Bicep's userAssignedIdentities)", async () => {
    const { gateway } = await deploy(
      template({
        resources: [
          { type: IDENTITY, apiVersion: "2023-01-31", name: "id", location: "westeurope" },
          {
            type: "Microsoft.Web/sites",
            apiVersion: "2022-09-01",
            name: "app",
            location: "westeurope",
            identity: {
              type: "UserAssigned",
              userAssignedIdentities: { "[format('{0}', resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id'))]": {} },
            },
            dependsOn: ["id"],
          },
        ],
      }),
    );
    const site = gateway.puts.find((p) => p.type === "Microsoft.Web/sites")!;
    expect(site.body.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: { [idOf("id")]: {} } });
  });

  test("list*() asks the provider; a refusal is an honest deployment error", async () => {
    const gateway = new MemoryGateway();
    gateway.actions.set(`${idOf("vault")}/listKeys`.toLowerCase(), { keys: [{ value: "k1" }] });
    const { outcome } = await deploy(
      template({
        outputs: {
          key: { type: "string", value: `[listKeys('${idOf("vault")}', '2023-01-01').keys[0].value]` },
        },
      }),
      {},
      gateway,
    );
    expect(outcome.outputs.key).toEqual({ type: "String", value: "k1" });
    const failing = await deploy(template({ outputs: { s: { type: "object", value: `[listSecrets('${idOf("none")}', '2023-01-01')]` } } }), {}, gateway);
    expect(failing.outcome.error?.code).toBe("DeploymentOutputEvaluationFailed");
    expect(failing.outcome.error?.details?.[0]?.message).toContain(`NotFound: no listSecrets for ${idOf("none")}`);
  });

  test("a cancelled run stops between resources", async () => {
    const plan = await planDeployment(
      rgRequest(template({ resources: [0, 1, 2].map((i) => ({ type: IDENTITY, apiVersion: "2023-01-31", name: `c${i}`, location: "westeurope" })) })),
    );
    const gateway = new MemoryGateway();
    const { runDeployment } = await import("../src/index.js");
    let done = 0;
    const outcome = await runDeployment(plan, gateway, { onOperation: () => void done++, cancelled: () => done >= 1 });
    expect(outcome.cancelled).toBe(true);
    expect(gateway.puts).toHaveLength(1);
  });

  test("nested templates with outer scope see the parent's parameters; user-defined functions", async () => {
    const { outcome, gateway } = await deploy(
      template({
        parameters: { n: { type: "string", defaultValue: "outer" } },
        functions: [
          {
            namespace: "azmi",
            members: { named: { parameters: [{ name: "x", type: "string" }], output: { type: "string", value: "[concat('fn-', parameters('x'))]" } } },
          },
        ],
        resources: [
          {
            type: "Microsoft.Resources/deployments",
            apiVersion: "2022-09-01",
            name: "outerScope",
            properties: {
              mode: "Incremental",
              template: {
                $schema: "x",
                contentVersion: "1.0.0.0",
                resources: [{ type: IDENTITY, apiVersion: "2023-01-31", name: "[parameters('n')]", location: "westeurope" }],
              },
            },
          },
        ],
        outputs: { f: { type: "string", value: "[azmi.named('a')]" } },
      }),
    );
    expect(outcome.error).toBeUndefined();
    expect(gateway.resources.has(idOf("outer").toLowerCase())).toBe(true);
    expect(outcome.outputs.f).toEqual({ type: "String", value: "fn-a" });
  });
});

describe("complete mode", () => {
  test("deletes the group's resources the template does not name, keeping what its modules deploy", async () => {
    const gateway = new MemoryGateway();
    gateway.resources.set(idOf("stray").toLowerCase(), { id: idOf("stray"), name: "stray", type: IDENTITY });
    const module = {
      $schema: "x",
      contentVersion: "1.0.0.0",
      resources: [{ type: IDENTITY, apiVersion: "2023-01-31", name: "from-module", location: "westeurope" }],
    };
    const { outcome, operations } = await deploy(
      template({
        resources: [
          { type: IDENTITY, apiVersion: "2023-01-31", name: "kept", location: "westeurope" },
          {
            type: "Microsoft.Resources/deployments",
            apiVersion: "2022-09-01",
            name: "mod",
            properties: { mode: "Incremental", expressionEvaluationOptions: { scope: "inner" }, template: module },
          },
        ],
      }),
      {},
      gateway,
      { mode: "Complete" },
    );
    expect(outcome.error).toBeUndefined();
    expect(gateway.resources.has(idOf("stray").toLowerCase())).toBe(false);
    expect(gateway.resources.has(idOf("kept").toLowerCase())).toBe(true);
    expect(gateway.resources.has(idOf("from-module").toLowerCase())).toBe(true);
    expect(operations.filter((o) => o.provisioningOperation === "Delete").map((o) => o.resource.name)).toEqual(["stray"]);
  });
});
