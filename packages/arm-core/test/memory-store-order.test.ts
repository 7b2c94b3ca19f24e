/**
 * The memory store keeps its key order incrementally (writes note added/removed keys, list()
 * merges them): whatever the interleaving of puts, deletes, rollbacks and lists, list() must
 * answer exactly what a naive sorted model answers.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "./support/seeded-random.js";
import { MemoryStore } from "../src/index.js";

describe("memory store key order under interleaved writes", () => {
  it.each([1, 2, 3, 4, 5])("matches a naive model (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const store = new MemoryStore();
    const model = new Set<string>();
    const key = () =>
      `/k/${Math.floor(random() * 300)
        .toString()
        .padStart(3, "0")}`;
    for (let step = 0; step < 3000; step++) {
      const r = random();
      if (r < 0.45) {
        const k = key();
        store.put("c", k, { k });
        model.add(k);
      } else if (r < 0.7) {
        const k = key();
        expect(store.delete("c", k)).toBe(model.has(k));
        model.delete(k);
      } else if (r < 0.75) {
        // A rolled-back transaction leaves the order as it was.
        const k1 = key();
        const k2 = key();
        expect(() =>
          store.transaction(() => {
            store.put("c", k1, {});
            store.delete("c", k2);
            throw new Error("rollback");
          }),
        ).toThrow("rollback");
      } else {
        const prefix = `/k/${Math.floor(random() * 3)}`;
        const expected = [...model].filter((k) => k.startsWith(prefix)).sort();
        expect(store.list("c", { prefix }).map((i) => i.key)).toEqual(expected);
        expect(store.list("c").map((i) => i.key)).toEqual([...model].sort());
      }
    }
  });
});

describe("memory store index order under interleaved writes", () => {
  it.each([1, 2, 3])("findByIndex matches a naive model, in key order (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const store = new MemoryStore();
    /** key → its index value ("a" | "b" | "c"): a re-put may move a key from one value to another. */
    const model = new Map<string, string>();
    const key = () =>
      `/k/${Math.floor(random() * 300)
        .toString()
        .padStart(3, "0")}`;
    const value = () => "abc"[Math.floor(random() * 3)]!;
    const expected = (v: string) =>
      [...model]
        .filter(([, mv]) => mv === v)
        .map(([k]) => k)
        .sort();
    for (let step = 0; step < 3000; step++) {
      const r = random();
      if (r < 0.45) {
        const k = key();
        const v = value();
        store.put("c", k, { k }, { group: v });
        model.set(k, v);
      } else if (r < 0.7) {
        const k = key();
        store.delete("c", k);
        model.delete(k);
      } else if (r < 0.75) {
        const k = key();
        expect(() =>
          store.transaction(() => {
            store.put("c", k, {}, { group: value() });
            throw new Error("rollback");
          }),
        ).toThrow("rollback");
      } else {
        const v = value();
        expect(store.findByIndex("c", "group", v).map((i) => i.key)).toEqual(expected(v));
      }
    }
  });
});

describe("memory store's kept index answers", () => {
  it("hands out copies of a large answer it keeps, and drops it on the next write or rollback", () => {
    const store = new MemoryStore();
    for (let i = 0; i < 300; i++) store.put("c", `k${String(i).padStart(3, "0")}`, { i }, { kind: "big" });
    const first = store.findByIndex("c", "kind", "big");
    expect(first).toHaveLength(300);
    first.splice(0, 100);
    expect(store.findByIndex("c", "kind", "big")).toHaveLength(300);
    store.put("c", "k999", { i: 999 }, { kind: "big" });
    expect(store.findByIndex("c", "kind", "big")).toHaveLength(301);
    expect(() =>
      store.transaction(() => {
        store.delete("c", "k000");
        expect(store.findByIndex("c", "kind", "big")).toHaveLength(300);
        throw new Error("undo");
      }),
    ).toThrow("undo");
    expect(store.findByIndex("c", "kind", "big").map((r) => r.key)[0]).toBe("k000");
    expect(store.findByIndex("c", "kind", "big")).toHaveLength(301);
  });
});
