import { MemoryStore, SqliteStore, parseResourceId, scopeChain, type Store } from "@azmi/arm-core";
import { describe, expect, it } from "vitest";
import { AssignmentIndex, ROLE_ASSIGNMENTS, type StoredAssignment } from "../src/index.js";
import { READER, SUB, guid } from "./fixture.js";

/** Records how many documents each store read hands back, to prove no read touches the whole collection. */
function countingStore(inner: Store) {
  const reads: Array<{ op: string; returned: number }> = [];
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if ((prop === "list" || prop === "findByIndex") && typeof v === "function") {
        return (...args: unknown[]) => {
          const out = (v as (...a: unknown[]) => unknown[]).apply(target, args);
          reads.push({ op: String(prop), returned: out.length });
          return out;
        };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { store, reads };
}

function assignment(scope: string, n: number, principalId: string): StoredAssignment {
  return {
    name: guid(n),
    scope,
    scopeKey: parseResourceId(scope).key,
    roleDefinitionGuid: READER,
    principalId,
    principalType: "ServicePrincipal",
    description: null,
    condition: null,
    conditionVersion: null,
    delegatedManagedIdentityResourceId: null,
    createdOn: "2026-01-01T00:00:00.000Z",
    updatedOn: "2026-01-01T00:00:00.000Z",
    createdBy: null,
    updatedBy: null,
  };
}

const principal = (n: number) => `00000000-0000-4000-9000-${n.toString(16).padStart(12, "0")}`;

describe("the scope-hierarchy index", () => {
  // 100 groups × 10 sites × 20 assignments per site + 20 per group = 22,000 assignments, each to its own principal.
  const GROUPS = 100;
  function fill(store: Store) {
    const index = new AssignmentIndex(store);
    let n = 0;
    for (let g = 0; g < GROUPS; g++) {
      const rg = `/subscriptions/${SUB}/resourceGroups/rg${g}`;
      for (let k = 0; k < 20; k++, n++) index.put(assignment(rg, n, principal(n)));
      for (let s = 0; s < 10; s++) {
        const site = `${rg}/providers/Microsoft.Web/sites/site${s}`;
        for (let k = 0; k < 20; k++, n++) index.put(assignment(site, n, principal(n)));
      }
    }
    index.put(assignment(`/subscriptions/${SUB}`, n++, principal(0)));
    return { index, total: n };
  }

  it.each([
    ["memory", () => new MemoryStore()],
    ["sqlite", () => new SqliteStore(":memory:")],
  ])("answers at-or-above, below and by-principal reading only what it returns (%s store)", (_kind, make) => {
    const { store, reads } = countingStore(make());
    const { index, total } = fill(store);
    expect(store.count(ROLE_ASSIGNMENTS)).toBe(total);
    const site = parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg7/providers/Microsoft.Web/sites/site3`);
    const rg = parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg7`);

    reads.length = 0;
    expect(index.atScopes(scopeChain(site))).toHaveLength(20 + 20 + 1);
    expect(index.below(rg)).toHaveLength(200);
    expect(index.byPrincipal(principal(0))).toHaveLength(2);
    const touched = reads.reduce((sum, r) => sum + r.returned, 0);
    expect(touched).toBe(41 + 200 + 2);
  });

  it("stays flat: with ten times more assignments elsewhere, look-ups read exactly the same documents", () => {
    const site = parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg7/providers/Microsoft.Web/sites/site3`);
    const rg = parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg7`);
    const touchedBy = (extra: number) => {
      const { store, reads } = countingStore(new MemoryStore());
      const { index } = fill(store);
      // Assignments in another subscription: a look-up that scanned would read them too.
      for (let n = 0; n < extra; n++) index.put(assignment(`/subscriptions/${guid(999)}/resourceGroups/g${n % 1000}`, 1_000_000 + n, principal(n)));
      reads.length = 0;
      index.atScopes(scopeChain(site));
      index.below(rg);
      return reads.reduce((sum, r) => sum + r.returned, 0);
    };
    // Cost in time is measured by `pnpm bench` (1k to 1M); here, the work done is counted.
    expect(touchedBy(220_000)).toBe(touchedBy(0));
    expect(touchedBy(0)).toBe(41 + 200);
  }, 120_000);
});
