import { describe, expect, it } from "vitest";
import { isArmError, MemoryStore, parseResourceId, ResourceGroupStore, ResourceStore } from "@azmi/arm-core";
import { buildPlan, isValidSiteName, parsePlanId, requirePlanUnused, resolvePlan, type StoredSite } from "../src/index.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const planId = parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan`);

function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isArmError(error)) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an ArmError");
}

describe("plans", () => {
  it("resolves the SKU from the catalogue: a shared tier gets no workers, a dedicated one a single worker", () => {
    const free = buildPlan(planId, undefined, { location: "westeurope", sku: { name: "F1" } });
    expect(free.sku).toMatchObject({ name: "F1", tier: "Free", capacity: 0 });
    expect(free.properties).toMatchObject({ computeMode: "Shared", siteMode: "Limited", reserved: false });
    const basic = buildPlan(planId, undefined, { location: "westeurope", kind: "linux", sku: { name: "B1" } });
    expect(basic.sku).toMatchObject({ name: "B1", tier: "Basic", capacity: 1 });
    expect(basic.properties).toMatchObject({ reserved: true, webSpace: "rg-westeuropewebspace-Linux" });
  });

  it("refuses a SKU Azure does not know with 400 BadRequest", () => {
    expect(refusal(() => buildPlan(planId, undefined, { location: "westeurope", sku: { name: "Z9" } }))).toMatchObject({ status: 400, code: "BadRequest" });
  });

  it("keeps a plan that still hosts sites (409 Conflict naming them)", () => {
    const plan = buildPlan(planId, undefined, { location: "westeurope", sku: { name: "B1" } });
    expect(() => requirePlanUnused(plan, [])).not.toThrow();
    const site = { name: "web-1" } as StoredSite;
    const refused = refusal(() => requirePlanUnused(plan, [site]));
    expect(refused).toMatchObject({ status: 409, code: "Conflict" });
    expect(refused.message).toContain("web-1");
  });
});

describe("sites", () => {
  it("takes host-name-shaped names of 2 to 60 characters", () => {
    expect(["ab", "web-1", "a".repeat(60)].every(isValidSiteName)).toBe(true);
    expect(["a", "-web", "web-", "we_b", "a".repeat(61)].some(isValidSiteName)).toBe(false);
  });

  it("needs a serverFarmId naming an existing plan", () => {
    const store = new MemoryStore();
    const stores = { resources: new ResourceStore(store), resourceGroups: new ResourceGroupStore(store), config: { subscriptions: [SUB] } };
    expect(parsePlanId(planId.id)?.key).toBe(planId.key);
    expect(parsePlanId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/x`)).toBeUndefined();
    expect(refusal(() => resolvePlan(stores, undefined))).toMatchObject({ status: 400, code: "BadRequest" });
    expect(refusal(() => resolvePlan(stores, "not-an-id"))).toMatchObject({ status: 400, code: "BadRequest" });
    expect(refusal(() => resolvePlan(stores, planId.id))).toMatchObject({ status: 404, code: "NotFound" });
  });
});
