/**
 * The memory store keeps one copy of what documents repeat: a document handed through SharedValues
 * must print exactly as it was given, be frozen throughout, and share its repeated parts.
 */
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../src/index.js";
import { SharedValues } from "../src/store/shared-values.js";

const parsed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const principal = (n: number) => ({
  "@odata.type": "#microsoft.graph.servicePrincipal",
  id: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
  deletedDateTime: null,
  accountEnabled: true,
  addIns: [],
  alternativeNames: ["isExplicit=True", `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${n}`],
  tags: [],
  info: { logoUrl: null, marketingUrl: null },
  verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  nested: { list: [{ a: 1 }, { a: 1 }], empty: {}, count: n, ratio: 0.5, text: "x".repeat(200) },
  ["__proto__"]: { own: "property, not a prototype" },
});

describe("SharedValues", () => {
  it("hands back a document that prints the same and is frozen throughout", () => {
    const shared = new SharedValues();
    const given = principal(1);
    const kept = shared.document(parsed(given));
    expect(JSON.stringify(kept)).toBe(JSON.stringify(given));
    const frozen = (v: unknown): boolean => v === null || typeof v !== "object" || (Object.isFrozen(v) && Object.values(v).every(frozen));
    expect(frozen(kept)).toBe(true);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.keys(kept)).toContain("__proto__");
  });

  it("shares small containers of primitives and equal strings between documents", () => {
    const shared = new SharedValues();
    const a = shared.document(parsed(principal(1)));
    const b = shared.document(parsed(principal(2)));
    expect(b.addIns).toBe(a.addIns);
    expect(b.tags).toBe(a.addIns);
    expect(b.info).toBe(a.info);
    expect(b.verifiedPublisher).toBe(a.verifiedPublisher);
    expect(b.nested.list[0]).toBe(a.nested.list[1]);
    expect(b.nested).not.toBe(a.nested);
    // Containers that differ stay apart.
    expect(b.alternativeNames).not.toBe(a.alternativeNames);
  });

  it("keeps the string first seen", () => {
    const shared = new SharedValues();
    const first = ["tenant", "0000"].join("-");
    expect(shared.string(["tenant", "0000"].join("-"))).toBe(first);
    expect(shared.string(first)).toBe(first);
  });
});

describe("MemoryStore with shared values", () => {
  it("answers each document as it was put, whatever others share with it", () => {
    const store = new MemoryStore();
    for (let n = 0; n < 50; n++) store.put("c", `k${n}`, principal(n), { id: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}` });
    for (let n = 0; n < 50; n++) expect(JSON.stringify(store.get("c", `k${n}`))).toBe(JSON.stringify(principal(n)));
    expect(store.findByIndex("c", "id", `00000000-0000-0000-0000-${String(7).padStart(12, "0")}`).map((i) => i.key)).toEqual(["k7"]);
  });
});
