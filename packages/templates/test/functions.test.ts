import { describe, expect, test } from "vitest";
import { deterministicGuid, uniqueString } from "../src/index.js";
import { evaluate, RG_ID, SUB, TENANT } from "./support/memory-gateway.js";

describe("uniqueString and guid give Azure's values", () => {
  test("uniqueString of a resource id matches the value Azure's own expression library computes", () => {
    // Pair from microsoft/commercial-marketplace-offer-deploy's unit test, which calls
    // Azure.Deployments.Expression's built-in uniqueString (the ARM engine's own code).
    expect(
      uniqueString(
        "/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201",
      ),
    ).toBe("yvjxno3je5on2");
  });

  test("uniqueString is 13 base-32 characters and joins its arguments with '-'", () => {
    const value = uniqueString("a", "b");
    expect(value).toMatch(/^[a-z2-7]{13}$/);
    expect(value).toBe(uniqueString("a-b"));
    expect(value).not.toBe(uniqueString("ab"));
  });

  test("guid is a version-5 UUID of the '-'-joined arguments in ARM's namespace", () => {
    const value = deterministicGuid("a", "b", "c");
    expect(value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(value).toBe(deterministicGuid("a-b-c"));
    // Python: uuid.uuid5(uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830"), "a-b-c")
    expect(value).toBe("a98fa280-e03f-5afa-8d8e-92d0a9c201e8");
  });

  test("uniqueString(resourceGroup().id) inside a template", async () => {
    expect(await evaluate("[uniqueString(resourceGroup().id)]")).toBe(uniqueString(RG_ID));
    expect(await evaluate("[guid(subscription().id, 'x')]")).toBe(deterministicGuid(`/subscriptions/${SUB}`, "x"));
  });
});

describe("string functions", () => {
  const cases: Array<[string, unknown]> = [
    ["[concat('a', 'b', 1, true)]", "ab1True"],
    ["[concat(createArray(1), createArray(2, 3))]", [1, 2, 3]],
    ["[format('{0}-{1:D3}-{{x}}', 'a', 7)]", "a-007-{x}"],
    ["[toLower('AbC')]", "abc"],
    ["[toUpper('AbC')]", "ABC"],
    ["[replace('a-b-c', '-', '_')]", "a_b_c"],
    ["[split('a,b;c', createArray(',', ';'))]", ["a", "b", "c"]],
    ["[join(createArray('a', 'b'), '/')]", "a/b"],
    ["[substring('hello', 1, 3)]", "ell"],
    ["[startsWith('Hello', 'he')]", true],
    ["[endsWith('Hello', 'LO')]", true],
    ["[trim('  x  ')]", "x"],
    ["[padLeft('7', 3, '0')]", "007"],
    ["[base64('hi')]", "aGk="],
    ["[base64ToString('aGk=')]", "hi"],
    ["[dataUri('hi')]", "data:text/plain;charset=utf8;base64,aGk="],
    ["[dataUriToString('data:text/plain;charset=utf8;base64,aGk=')]", "hi"],
    ["[uri('https://a.example/x/', 'y')]", "https://a.example/x/y"],
    ["[uriComponent('a b')]", "a%20b"],
    ["[string(createObject('a', 1))]", '{"a":1}'],
    ["[string(false)]", "False"],
    ["[empty('')]", true],
    ["[length('abc')]", 3],
    ["[contains('abc', 'b')]", true],
    ["[indexOf('abcB', 'B')]", 1],
    ["[lastIndexOf('abcB', 'b')]", 3],
    ["[first('abc')]", "a"],
    ["[last(createArray(1, 2))]", 2],
    ["[take('abc', 2)]", "ab"],
    ["[skip(createArray(1, 2, 3), 1)]", [2, 3]],
    ["[[notAnExpression]", "[notAnExpression]"],
    ["['it''s']", "it's"],
  ];
  test.each(cases)("%s", async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });

  test("newGuid is only allowed in a parameter default", async () => {
    const value = await evaluate("[parameters('g')]", { g: { type: "string", defaultValue: "[newGuid()]" } });
    expect(value).toMatch(/^[0-9a-f-]{36}$/);
    await expect(evaluate("[newGuid()]")).rejects.toThrow(/newGuid' is not expected at this location/);
  });
});

describe("array and object functions", () => {
  const cases: Array<[string, unknown]> = [
    ["[array('a')]", ["a"]],
    ["[createObject('a', 1, 'b', createArray())]", { a: 1, b: [] }],
    ["[union(createObject('a', 1, 'n', createObject('x', 1)), createObject('b', 2, 'n', createObject('y', 2)))]", { a: 1, b: 2, n: { x: 1, y: 2 } }],
    ["[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]],
    ["[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", [2, 3]],
    ["[range(5, 3)]", [5, 6, 7]],
    [
      "[items(createObject('b', 2, 'a', 1))]",
      [
        { key: "a", value: 1 },
        { key: "b", value: 2 },
      ],
    ],
    ["[json('{\"a\":[1]}')]", { a: [1] }],
    ["[null()]", null],
    ["[objectKeys(createObject('a', 1, 'b', 2))]", ["a", "b"]],
    ["[createObject('a', createObject('b', 5)).a.b]", 5],
    ["[createArray(1, 2, 3)[1]]", 2],
    ["[createObject('A', 1).a]", 1],
    ["[tryGet(createObject('a', 1), 'b')]", null],
    ["[filter(range(0, 5), lambda('x', greater(lambdaVariables('x'), 2)))]", [3, 4]],
    ["[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]", [10, 20]],
    ["[reduce(createArray(1, 2, 3), 0, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]", 6],
    ["[contains(createObject('Key', 1), 'key')]", true],
    ["[flatten(createArray(createArray(1), createArray(2, 3)))]", [1, 2, 3]],
  ];
  test.each(cases)("%s", async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });
});

describe("logic, comparison and numeric functions", () => {
  const cases: Array<[string, unknown]> = [
    ["[if(equals(1, 1), 'yes', 'no')]", "yes"],
    ["[if(true, 'safe', div(1, 0))]", "safe"],
    ["[equals(createArray(1, createObject('a', 'b')), createArray(1, createObject('a', 'b')))]", true],
    ["[not(true)]", false],
    ["[and(true, true, false)]", false],
    ["[or(false, true)]", true],
    ["[greater(2, 1)]", true],
    ["[greaterOrEquals('b', 'a')]", true],
    ["[less(1, 2)]", true],
    ["[lessOrEquals(2, 2)]", true],
    ["[coalesce(null(), null(), 'x')]", "x"],
    ["[add(2, 3)]", 5],
    ["[sub(2, 3)]", -1],
    ["[mul(2, 3)]", 6],
    ["[div(7, 2)]", 3],
    ["[mod(7, 2)]", 1],
    ["[min(3, 1, 2)]", 1],
    ["[max(createArray(3, 1, 2))]", 3],
    ["[int('42')]", 42],
    ["[float('1.5')]", 1.5],
    ["[bool('true')]", true],
  ];
  test.each(cases)("%s", async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });
});

describe("deployment and resource functions", () => {
  test("scope objects", async () => {
    expect(await evaluate("[resourceGroup().id]")).toBe(RG_ID);
    expect(await evaluate("[resourceGroup().location]")).toBe("westeurope");
    expect(await evaluate("[subscription().subscriptionId]")).toBe(SUB);
    expect(await evaluate("[tenant().tenantId]")).toBe(TENANT);
    expect(await evaluate("[deployment().name]")).toBe("main");
    expect(await evaluate("[environment().name]")).toBe("AzureCloud");
    expect(await evaluate("[environment().suffixes.keyvaultDns]")).toBe(".vault.azure.net");
  });

  test("resource ids", async () => {
    expect(await evaluate("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]")).toBe(
      `${RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`,
    );
    expect(await evaluate("[resourceId('other', 'Microsoft.Web/sites/config', 'app', 'web')]")).toBe(
      `/subscriptions/${SUB}/resourceGroups/other/providers/Microsoft.Web/sites/app/config/web`,
    );
    expect(await evaluate("[resourceId('s2', 'g2', 'Microsoft.Web/sites', 'app')]")).toBe(
      "/subscriptions/s2/resourceGroups/g2/providers/Microsoft.Web/sites/app",
    );
    expect(await evaluate("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]")).toBe(
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/abc`,
    );
    expect(await evaluate("[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p')]")).toBe(
      "/providers/Microsoft.Authorization/policyDefinitions/p",
    );
    expect(await evaluate("[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/locks', 'l')]")).toBe(
      `${RG_ID}/providers/Microsoft.Authorization/locks/l`,
    );
    await expect(evaluate("[resourceId('Microsoft.Web/sites/config', 'app')]")).rejects.toThrow(/requires '2' resource name/);
  });

  test("parameters and variables", async () => {
    expect(await evaluate("[parameters('p')]", { p: { type: "int", value: 4 } })).toBe(4);
    expect(await evaluate("[variables('b')]", {}, { a: "x", b: "[concat(variables('a'), 'y')]" })).toBe("xy");
    expect(await evaluate("[variables('list')]", {}, { copy: [{ name: "list", count: 3, input: "[mul(copyIndex('list'), 2)]" }] })).toEqual([0, 2, 4]);
  });

  test("date functions", async () => {
    expect(await evaluate("[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')]")).toBe("2023-04-07T14:53:14Z");
    expect(await evaluate("[dateTimeAdd('2020-04-07T14:53:14Z', '-PT1H', 'yyyy-MM-dd HH')]")).toBe("2020-04-07 13");
    expect(await evaluate("[dateTimeToEpoch('2020-01-01T00:00:00Z')]")).toBe(1577836800);
    expect(await evaluate("[dateTimeFromEpoch(1577836800)]")).toBe("2020-01-01T00:00:00Z");
    const now = await evaluate("[parameters('t')]", { t: { type: "string", defaultValue: "[utcNow('u')]" } });
    expect(now).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    await expect(evaluate("[utcNow()]")).rejects.toThrow(/utcNow' is not expected at this location/);
  });
});
