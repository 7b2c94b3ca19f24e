import { describe, expect, test } from "vitest";
import { ArmError } from "@azmi/arm-core";
import { planDeployment, weightUpTo, type BudgetLimits } from "../src/index.js";
import { deploy, rgRequest, template } from "./support/memory-gateway.js";

/** Doubles an array ten times: 10 000 elements become ten million unless something stops it. */
const doubling = template({
  variables: Object.fromEntries([
    ["a0", "[range(0, 10000)]"],
    ...Array.from({ length: 10 }, (_, i) => [`a${i + 1}`, `[concat(variables('a${i}'), variables('a${i}'))]`]),
  ]),
  outputs: { n: { type: "int", value: "[length(variables('a10'))]" } },
});

async function planFailure(body: unknown, budgetLimits?: BudgetLimits): Promise<ArmError> {
  try {
    await planDeployment(rgRequest(body, {}, budgetLimits === undefined ? {} : { budgetLimits }));
  } catch (error) {
    if (error instanceof ArmError) return error;
    throw error;
  }
  throw new Error("expected the plan to fail");
}

describe("a template's evaluation has a budget", () => {
  test("weighs values up to a limit and no further, even when parts are shared", () => {
    const inner = Array.from({ length: 1000 }, (_, i) => i);
    const shared = Array.from({ length: 1000 }, () => inner);
    expect(weightUpTo(inner, 10_000)).toBe(1001);
    expect(weightUpTo(shared, 5_000)).toBeGreaterThanOrEqual(5_000);
    expect(weightUpTo(shared, 5_000)).toBeLessThan(7_000);
    expect(weightUpTo("x".repeat(1600), 1_000)).toBe(101);
  });

  test("a doubling concat fails with InvalidTemplate naming the expression that built too large a value", async () => {
    const error = await planFailure(doubling);
    expect(error.code).toBe("InvalidTemplate");
    const text = error.message;
    expect(text).toContain("The template variable 'a5' is not valid");
    expect(text).toMatch(/The language expression '\[concat\(variables\('a\d+'\), variables\('a\d+'\)\)\]' exceeds the template evaluation budget/);
    expect(text).toContain("the function 'concat' built a value larger than a template may hold");
  });

  test("a string blow-up fails the same way", async () => {
    const error = await planFailure(
      template({
        variables: Object.fromEntries([
          ["s0", "[string(range(0, 10000))]"],
          ...Array.from({ length: 12 }, (_, i) => [`s${i + 1}`, `[concat(variables('s${i}'), variables('s${i}'))]`]),
        ]),
        resources: [{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "[substring(variables('s12'), 0, 3)]" }],
      }),
    );
    expect(error.code).toBe("InvalidTemplate");
    expect(error.message).toMatch(/The language expression '\[concat\(variables\('s\d+'\), variables\('s\d+'\)\)\]' exceeds the template evaluation budget/);
  });

  test("too much work fails once the steps run out, and the evaluation yields to the event loop on the way", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const error = await planFailure(
        template({
          variables: { busy: "[map(range(0, 10000), lambda('i', map(range(0, 100), lambda('j', add(lambdaVariables('i'), lambdaVariables('j'))))))]" },
          resources: [{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "[string(length(variables('busy')))]" }],
        }),
        { maxSteps: 20_000, maxValueWeight: 200_000, maxMillis: 60_000, stepsPerSlice: 500 },
      );
      expect(error.code).toBe("InvalidTemplate");
      expect(error.message).toContain("the evaluation took more than 20000 steps");
      expect(error.message).toContain("lambda('j', add(lambdaVariables('i'), lambdaVariables('j')))");
    } finally {
      clearInterval(timer);
    }
    // Timers ran while the template was evaluated: it was evaluated in slices.
    expect(ticks).toBeGreaterThan(0);
  });

  test("ordinary templates stay well within the budget", async () => {
    const { outcome } = await deploy(
      template({
        variables: { names: "[map(range(0, 800), lambda('i', format('id-{0}', lambdaVariables('i'))))]" },
        outputs: { n: { type: "int", value: "[length(variables('names'))]" } },
      }),
    );
    expect(outcome.error).toBeUndefined();
    expect((outcome.outputs.n as { value: number }).value).toBe(800);
  });
});
