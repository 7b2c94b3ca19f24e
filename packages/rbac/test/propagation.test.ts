/**
 * RBAC propagation (--rbac-propagation-delay): an added assignment counts in decisions only
 * after the delay, a removed one keeps counting until the delay after its removal (its
 * tombstone), and azmi's own provisioning grants count at once. Lists are not delayed.
 */
import { MemoryStore, parseResourceId, type ResourceId } from "@azmi/arm-core";
import { describe, expect, it } from "vitest";
import { createRbac, isInEffectAt } from "../src/index.js";
import { READER, RG, SP, SUB, guid } from "./fixture.js";

const READ = "Microsoft.Resources/subscriptions/resourceGroups/read";

function world(delayMs: number) {
  const store = new MemoryStore();
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const rbac = createRbac({
    store,
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    scopeExists: () => true,
    findPrincipal: () => ({ principalType: "ServicePrincipal" }),
    now: () => new Date(clock),
    propagationDelayMs: delayMs,
  });
  const scope = parseResourceId(RG);
  const body = { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: SP } };
  const allowed = (at: ResourceId = scope) => rbac.evaluator.check({ principalId: SP, operation: READ, scope: at }).allowed;
  return { store, rbac, scope, body, allowed, advance: (ms: number) => (clock += ms) };
}

describe("RBAC propagation", () => {
  it("counts an interval from its start, up to but not including its end", () => {
    expect(isInEffectAt(999, 1_000)).toBe(false);
    expect(isInEffectAt(1_000, 1_000)).toBe(true);
    expect(isInEffectAt(1_999, 1_000, 2_000)).toBe(true);
    expect(isInEffectAt(2_000, 1_000, 2_000)).toBe(false);
  });

  it("a new assignment is listed at once but decides only after the delay", () => {
    const w = world(10_000);
    w.rbac.assignments.createOrUpdate(w.scope, guid(1), w.body, { objectId: null });
    expect(w.rbac.assignments.list(w.scope).map((a) => a.name)).toEqual([guid(1)]);
    expect(w.allowed()).toBe(false);
    const refused = w.rbac.evaluator.check({ principalId: SP, operation: READ, scope: w.scope });
    expect(refused.considered).toEqual([
      expect.objectContaining({ granted: false, roleName: "Reader", reason: expect.stringMatching(/^not in effect yet: .* from 2026-01-01T00:00:10\.000Z$/) }),
    ]);
    expect(w.rbac.evaluator.holdsAnyRoleAround(SP, parseResourceId(`/subscriptions/${SUB}`))).toBe(false);
    w.advance(9_999);
    expect(w.allowed()).toBe(false);
    w.advance(1);
    expect(w.allowed()).toBe(true);
    expect(w.rbac.evaluator.holdsAnyRoleAround(SP, parseResourceId(`/subscriptions/${SUB}`))).toBe(true);
  });

  it("a removed assignment keeps granting until the delay after its removal", () => {
    const w = world(10_000);
    w.rbac.assignments.createOrUpdate(w.scope, guid(2), w.body, { objectId: null });
    w.advance(10_000);
    w.rbac.assignments.delete(w.scope, guid(2));
    expect(w.rbac.assignments.list(w.scope)).toEqual([]);
    expect(w.allowed()).toBe(true);
    w.advance(9_999);
    expect(w.allowed()).toBe(true);
    w.advance(1);
    expect(w.allowed()).toBe(false);
  });

  it("an assignment made and removed within the delay never grants; a scope's deletion is delayed like a removal", () => {
    const w = world(10_000);
    w.rbac.assignments.createOrUpdate(w.scope, guid(3), w.body, { objectId: null });
    w.advance(2_000);
    w.rbac.assignments.delete(w.scope, guid(3));
    for (const step of [0, 5_000, 5_000]) {
      w.advance(step);
      expect(w.allowed()).toBe(false);
    }
    w.rbac.assignments.createOrUpdate(w.scope, guid(4), w.body, { objectId: null });
    w.advance(10_000);
    w.rbac.assignments.deleteAtAndBelow(w.scope);
    expect(w.allowed()).toBe(true);
    w.advance(10_000);
    expect(w.allowed()).toBe(false);
  });

  it("prunes tombstones past their delay on the next removal", () => {
    const w = world(1_000);
    w.rbac.assignments.createOrUpdate(w.scope, guid(5), w.body, { objectId: null });
    w.rbac.assignments.delete(w.scope, guid(5));
    expect(w.store.list("rbac.propagation.tombstones")).toHaveLength(1);
    w.advance(1_000);
    w.rbac.assignments.createOrUpdate(w.scope, guid(6), w.body, { objectId: null });
    w.rbac.assignments.delete(w.scope, guid(6));
    expect(w.store.list("rbac.propagation.tombstones").map((t) => t.key)).toEqual([expect.stringContaining(guid(6))]);
  });

  it("azmi's own provisioning grants decide at once", () => {
    const w = world(10_000);
    w.rbac.assignments.createOrUpdate(w.scope, guid(7), w.body, { objectId: null, provisioning: true });
    expect(w.allowed()).toBe(true);
  });

  it("decides at once and records nothing when the delay is off (the default)", () => {
    const w = world(0);
    w.rbac.assignments.createOrUpdate(w.scope, guid(8), w.body, { objectId: null });
    expect(w.allowed()).toBe(true);
    w.rbac.assignments.delete(w.scope, guid(8));
    expect(w.allowed()).toBe(false);
    expect(w.store.list("rbac.propagation")).toEqual([]);
    expect(w.store.list("rbac.propagation.tombstones")).toEqual([]);
  });
});
