/**
 * One contract, run against every Store implementation: both must behave identically, so that
 * a test passing in memory says something about the default SQLite store.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UniqueIndexConflict, type Store } from "../src/index.js";

export function storeContract(name: string, open: () => Store | Promise<Store>, options: { skip?: string } = {}): void {
  describe.skipIf(options.skip !== undefined)(`Store contract: ${name}${options.skip === undefined ? "" : ` (skipped: ${options.skip})`}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(() => {
      store.close();
    });

    const keys = (items: ReadonlyArray<{ key: string }>) => items.map((i) => i.key);

    describe("get, put, delete", () => {
      it("stores, replaces and deletes a document", () => {
        expect(store.get("c", "k")).toBeUndefined();
        store.put("c", "k", { a: 1 });
        expect(store.get("c", "k")).toEqual({ a: 1 });
        store.put("c", "k", { a: 2, b: [1, 2] });
        expect(store.get("c", "k")).toEqual({ a: 2, b: [1, 2] });
        expect(store.delete("c", "k")).toBe(true);
        expect(store.get("c", "k")).toBeUndefined();
        expect(store.delete("c", "k")).toBe(false);
        expect(store.delete("never", "k")).toBe(false);
      });

      it("keeps collections apart", () => {
        store.put("a", "k", 1);
        store.put("b", "k", 2);
        expect(store.get("a", "k")).toBe(1);
        expect(store.get("b", "k")).toBe(2);
        store.delete("a", "k");
        expect(store.get("b", "k")).toBe(2);
      });

      it("treats keys as exact, case-sensitive strings", () => {
        store.put("c", "key", 1);
        expect(store.get("c", "KEY")).toBeUndefined();
      });

      it("hands back deep-frozen values that later writes by the caller cannot touch", () => {
        const doc = { nested: { list: [1, { x: 1 }] }, tags: { a: "b" } };
        store.put("c", "k", doc);
        doc.nested.list.push(2);
        doc.tags.a = "changed";
        const got = store.get<typeof doc>("c", "k")!;
        expect(got).toEqual({ nested: { list: [1, { x: 1 }] }, tags: { a: "b" } });
        expect(Object.isFrozen(got)).toBe(true);
        expect(Object.isFrozen(got.nested.list)).toBe(true);
        expect(Object.isFrozen(got.nested.list[1])).toBe(true);
        expect(() => {
          (got.tags as Record<string, string>).a = "x";
        }).toThrow(TypeError);
        const listed = store.list<typeof doc>("c")[0]!.value;
        expect(Object.isFrozen(listed.tags)).toBe(true);
      });

      it("stores JSON: undefined fields vanish, dates become strings", () => {
        const when = new Date("2024-01-02T03:04:05.000Z");
        store.put("c", "k", { keep: null, drop: undefined, when });
        const got = store.get<Record<string, unknown>>("c", "k")!;
        expect(got).toEqual({ keep: null, when: "2024-01-02T03:04:05.000Z" });
        expect("drop" in got).toBe(false);
      });

      it("stores scalars and unicode", () => {
        store.put("c", "n", 42);
        store.put("c", "s", "Zoë – 東京");
        store.put("c", "b", false);
        expect(store.get("c", "n")).toBe(42);
        expect(store.get("c", "s")).toBe("Zoë – 東京");
        expect(store.get("c", "b")).toBe(false);
      });
    });

    describe("list and count", () => {
      beforeEach(() => {
        for (const k of ["/b/2", "/a", "/b/1", "/b", "/b/10", "/c/1", "/ba"]) store.put("c", k, { k });
        store.put("other", "/b/3", {});
      });

      it("lists everything in key order", () => {
        expect(keys(store.list("c"))).toEqual(["/a", "/b", "/b/1", "/b/10", "/b/2", "/ba", "/c/1"]);
        expect(store.list("c")[0]!.value).toEqual({ k: "/a" });
        expect(store.list("empty")).toEqual([]);
      });

      it("lists by prefix", () => {
        expect(keys(store.list("c", { prefix: "/b/" }))).toEqual(["/b/1", "/b/10", "/b/2"]);
        expect(keys(store.list("c", { prefix: "/b" }))).toEqual(["/b", "/b/1", "/b/10", "/b/2", "/ba"]);
        expect(keys(store.list("c", { prefix: "/z" }))).toEqual([]);
        expect(keys(store.list("c", { prefix: "" }))).toHaveLength(7);
      });

      it("pages with after and limit", () => {
        expect(keys(store.list("c", { limit: 2 }))).toEqual(["/a", "/b"]);
        expect(keys(store.list("c", { after: "/b", limit: 2 }))).toEqual(["/b/1", "/b/10"]);
        expect(keys(store.list("c", { after: "/b/10" }))).toEqual(["/b/2", "/ba", "/c/1"]);
        expect(keys(store.list("c", { after: "/c/1" }))).toEqual([]);
        // `after` need not be a stored key.
        expect(keys(store.list("c", { after: "/b/0" }))).toEqual(["/b/1", "/b/10", "/b/2", "/ba", "/c/1"]);
        expect(keys(store.list("c", { limit: 0 }))).toEqual([]);
      });

      it("combines prefix, after and limit to walk one prefix page by page", () => {
        const pages: string[][] = [];
        let after: string | undefined;
        for (;;) {
          const page = store.list("c", after === undefined ? { prefix: "/b/", limit: 2 } : { prefix: "/b/", after, limit: 2 });
          if (page.length === 0) break;
          pages.push(keys(page));
          after = page[page.length - 1]!.key;
        }
        expect(pages).toEqual([["/b/1", "/b/10"], ["/b/2"]]);
        // after below the prefix still yields only prefixed keys.
        expect(keys(store.list("c", { prefix: "/b/", after: "/a" }))).toEqual(["/b/1", "/b/10", "/b/2"]);
      });

      it("sees new and deleted keys in later lists", () => {
        store.list("c");
        store.put("c", "/aa", {});
        store.delete("c", "/b");
        expect(keys(store.list("c"))).toEqual(["/a", "/aa", "/b/1", "/b/10", "/b/2", "/ba", "/c/1"]);
      });

      it("counts, with and without a prefix", () => {
        expect(store.count("c")).toBe(7);
        expect(store.count("c", { prefix: "/b/" })).toBe(3);
        expect(store.count("c", { prefix: "/b" })).toBe(5);
        expect(store.count("other")).toBe(1);
        expect(store.count("none")).toBe(0);
        store.delete("c", "/a");
        expect(store.count("c")).toBe(6);
      });

      it("includes keys with characters beyond the basic plane in a prefix", () => {
        store.put("c", "/b/😀", {});
        store.put("c", "/b/\uffff", {});
        expect(keys(store.list("c", { prefix: "/b/" }))).toContain("/b/😀");
        expect(keys(store.list("c", { prefix: "/b/" }))).toContain("/b/\uffff");
        expect(store.count("c", { prefix: "/b/" })).toBe(5);
      });
    });

    describe("findByIndex", () => {
      it("finds documents by a single and a multi-valued index, in key order", () => {
        store.put("c", "k2", { n: 2 }, { owner: "alice", tag: ["x", "y"] });
        store.put("c", "k1", { n: 1 }, { owner: "alice", tag: ["y"] });
        store.put("c", "k3", { n: 3 }, { owner: "bob", tag: [] });
        expect(keys(store.findByIndex("c", "owner", "alice"))).toEqual(["k1", "k2"]);
        expect(store.findByIndex("c", "owner", "alice")[0]!.value).toEqual({ n: 1 });
        expect(keys(store.findByIndex("c", "tag", "y"))).toEqual(["k1", "k2"]);
        expect(keys(store.findByIndex("c", "tag", "x"))).toEqual(["k2"]);
        expect(store.findByIndex("c", "tag", "z")).toEqual([]);
        expect(store.findByIndex("c", "nope", "x")).toEqual([]);
        expect(store.findByIndex("other", "owner", "alice")).toEqual([]);
        // Values are exact.
        expect(store.findByIndex("c", "owner", "Alice")).toEqual([]);
      });

      it("finds documents by an index value's prefix, each once, in key order, and follows writes and rollbacks", () => {
        store.put("c", "k3", { n: 3 }, { name: "identity-10", tag: ["ab", "abc"] });
        store.put("c", "k1", { n: 1 }, { name: "identity-2", tag: ["b"] });
        store.put("c", "k2", { n: 2 }, { name: "other", tag: ["abd"] });
        expect(keys(store.findByIndexPrefix("c", "name", "identity-"))).toEqual(["k1", "k3"]);
        expect(store.findByIndexPrefix("c", "name", "identity-1")).toEqual([{ key: "k3", value: { n: 3 } }]);
        expect(keys(store.findByIndexPrefix("c", "name", ""))).toEqual(["k1", "k2", "k3"]);
        // A document matching through two values comes once.
        expect(keys(store.findByIndexPrefix("c", "tag", "ab"))).toEqual(["k2", "k3"]);
        // Exact, case-sensitive; nothing from other names or collections.
        expect(store.findByIndexPrefix("c", "name", "Identity")).toEqual([]);
        expect(store.findByIndexPrefix("c", "nope", "i")).toEqual([]);
        expect(store.findByIndexPrefix("other", "name", "i")).toEqual([]);
        // After a prefix read, writes still show: a new value, a changed one, a deleted document.
        store.put("c", "k0", { n: 0 }, { name: "identity-3" });
        store.put("c", "k3", { n: 30 }, { name: "renamed" });
        store.delete("c", "k1");
        expect(keys(store.findByIndexPrefix("c", "name", "identity-"))).toEqual(["k0"]);
        expect(() =>
          store.transaction(() => {
            store.put("c", "k9", { n: 9 }, { name: "identity-9" });
            store.delete("c", "k0");
            throw new Error("rolled back");
          }),
        ).toThrow("rolled back");
        expect(keys(store.findByIndexPrefix("c", "name", "identity-"))).toEqual(["k0"]);
        // Characters beyond the basic plane stay inside the prefix's range.
        store.put("c", "k5", {}, { name: "identity-😀" });
        expect(keys(store.findByIndexPrefix("c", "name", "identity-"))).toEqual(["k0", "k5"]);
      });

      it("re-indexes on put and forgets the old entries", () => {
        store.put("c", "k", { v: 1 }, { owner: "alice", tag: ["a", "b"] });
        store.put("c", "k", { v: 2 }, { owner: "bob", tag: ["b", "c"] });
        expect(store.findByIndex("c", "owner", "alice")).toEqual([]);
        expect(store.findByIndex("c", "owner", "bob")).toEqual([{ key: "k", value: { v: 2 } }]);
        expect(store.findByIndex("c", "tag", "a")).toEqual([]);
        expect(keys(store.findByIndex("c", "tag", "b"))).toEqual(["k"]);
        expect(keys(store.findByIndex("c", "tag", "c"))).toEqual(["k"]);
        // A put without index drops every entry.
        store.put("c", "k", { v: 3 });
        expect(store.findByIndex("c", "owner", "bob")).toEqual([]);
        expect(store.findByIndex("c", "tag", "b")).toEqual([]);
      });

      it("tolerates a value listed twice", () => {
        store.put("c", "k", 1, { tag: ["a", "a"] });
        expect(store.findByIndex("c", "tag", "a")).toHaveLength(1);
      });

      it("drops index entries with the document", () => {
        store.put("c", "k", 1, { owner: "alice" });
        store.delete("c", "k");
        expect(store.findByIndex("c", "owner", "alice")).toEqual([]);
        store.put("c", "k", 1);
        expect(store.findByIndex("c", "owner", "alice")).toEqual([]);
      });

      it("shares index names across collections without mixing them", () => {
        store.put("a", "k", 1, { owner: "alice" });
        store.put("b", "k", 2, { owner: "alice" });
        expect(store.findByIndex("a", "owner", "alice")).toEqual([{ key: "k", value: 1 }]);
      });
    });

    describe("insert", () => {
      it("stores a document only when its key is absent", () => {
        expect(store.insert("c", "k", { v: 1 }, { i: "one" })).toBe(true);
        expect(store.insert("c", "k", { v: 2 }, { i: "two" })).toBe(false);
        expect(store.get("c", "k")).toEqual({ v: 1 });
        expect(keys(store.findByIndex("c", "i", "one"))).toEqual(["k"]);
        expect(store.findByIndex("c", "i", "two")).toEqual([]);
        store.delete("c", "k");
        expect(store.insert("c", "k", { v: 3 })).toBe(true);
        expect(store.get("c", "k")).toEqual({ v: 3 });
      });

      it("is undone by a rollback", () => {
        expect(() =>
          store.transaction(() => {
            expect(store.insert("c", "k", 1)).toBe(true);
            throw new Error("x");
          }),
        ).toThrow("x");
        expect(store.get("c", "k")).toBeUndefined();
        expect(store.insert("c", "k", 2)).toBe(true);
      });
    });

    describe("unique indexes", () => {
      it("refuses a value another document holds, writing nothing, and allows the holder to keep it", () => {
        store.put("c", "a", { v: 1 }, { grant: "x", tag: "t" }, { unique: ["grant"] });
        let conflict: unknown;
        try {
          store.put("c", "b", { v: 2 }, { grant: "x", tag: "t" }, { unique: ["grant"] });
        } catch (error) {
          conflict = error;
        }
        expect(conflict).toBeInstanceOf(UniqueIndexConflict);
        expect(conflict).toMatchObject({ collection: "c", index: "grant", value: "x", heldBy: "a" });
        expect(store.get("c", "b")).toBeUndefined();
        expect(keys(store.findByIndex("c", "grant", "x"))).toEqual(["a"]);
        // The holder may be written again; indexes not named unique may be shared.
        store.put("c", "a", { v: 3 }, { grant: "x", tag: "t" }, { unique: ["grant"] });
        store.put("c", "b", { v: 2 }, { grant: "y", tag: "t" }, { unique: ["grant"] });
        expect(keys(store.findByIndex("c", "tag", "t"))).toEqual(["a", "b"]);
        // Freed when the holder lets it go.
        store.delete("c", "a");
        store.put("c", "b", { v: 4 }, { grant: "x" }, { unique: ["grant"] });
        expect(keys(store.findByIndex("c", "grant", "x"))).toEqual(["b"]);
        // Other collections are apart.
        store.put("d", "z", {}, { grant: "x" }, { unique: ["grant"] });
      });

      it("leaves the enclosing transaction usable when the conflict is caught", () => {
        store.put("c", "a", 1, { grant: "x" }, { unique: ["grant"] });
        store.transaction(() => {
          store.put("c", "before", 1);
          expect(() => store.put("c", "b", 2, { grant: "x" }, { unique: ["grant"] })).toThrow(UniqueIndexConflict);
          store.put("c", "after", 3);
        });
        expect(keys(store.list("c"))).toEqual(["a", "after", "before"]);
      });
    });

    describe("transactions", () => {
      it("commits every write and returns the function's result", () => {
        const r = store.transaction(() => {
          store.put("c", "a", 1, { i: "x" });
          store.put("c", "b", 2);
          store.delete("c", "b");
          return "done";
        });
        expect(r).toBe("done");
        expect(store.get("c", "a")).toBe(1);
        expect(store.get("c", "b")).toBeUndefined();
      });

      it("sees its own writes before it commits", () => {
        store.transaction(() => {
          store.put("c", "a", 1, { i: "x" });
          expect(store.get("c", "a")).toBe(1);
          expect(keys(store.list("c"))).toEqual(["a"]);
          expect(keys(store.findByIndex("c", "i", "x"))).toEqual(["a"]);
          expect(store.count("c")).toBe(1);
        });
      });

      it("rolls back every write, index and delete when it throws", () => {
        store.put("c", "keep", { v: 1 }, { i: "old" });
        store.put("c", "gone", { v: 1 });
        const boom = new Error("boom");
        expect(() =>
          store.transaction(() => {
            store.put("c", "new", { v: 2 }, { i: "new" });
            store.put("c", "keep", { v: 2 }, { i: "changed" });
            store.delete("c", "gone");
            store.put("d", "x", 1);
            // Reads inside the transaction see its writes (and must not outlive its rollback).
            expect(store.get("c", "keep")).toEqual({ v: 2 });
            expect(keys(store.findByIndex("c", "i", "changed"))).toEqual(["keep"]);
            expect(store.get("c", "gone")).toBeUndefined();
            throw boom;
          }),
        ).toThrow(boom);
        expect(store.get("c", "new")).toBeUndefined();
        expect(store.get("c", "keep")).toEqual({ v: 1 });
        expect(store.get("c", "gone")).toEqual({ v: 1 });
        expect(store.get("d", "x")).toBeUndefined();
        expect(keys(store.findByIndex("c", "i", "old"))).toEqual(["keep"]);
        expect(store.findByIndex("c", "i", "changed")).toEqual([]);
        expect(store.findByIndex("c", "i", "new")).toEqual([]);
        expect(keys(store.list("c"))).toEqual(["gone", "keep"]);
        expect(store.count("c")).toBe(2);
      });

      it("nests: an inner transaction commits with the outer one", () => {
        store.transaction(() => {
          store.put("c", "outer", 1);
          store.transaction(() => store.put("c", "inner", 2));
        });
        expect(store.get("c", "inner")).toBe(2);
        expect(store.get("c", "outer")).toBe(1);
      });

      it("nests: a throw that escapes the outer transaction undoes the inner writes too", () => {
        expect(() =>
          store.transaction(() => {
            store.transaction(() => store.put("c", "inner", 2));
            store.put("c", "outer", 1);
            throw new Error("late");
          }),
        ).toThrow("late");
        expect(store.get("c", "inner")).toBeUndefined();
        expect(store.get("c", "outer")).toBeUndefined();
      });

      it("nests: an inner failure the outer function catches undoes only the inner writes", () => {
        store.put("c", "x", "before");
        store.transaction(() => {
          store.put("c", "outer", 1);
          try {
            store.transaction(() => {
              store.put("c", "inner", 2);
              store.put("c", "x", "inner");
              expect(store.get("c", "x")).toBe("inner");
              throw new Error("inner");
            });
          } catch {
            // handled
          }
          store.put("c", "after", 3);
        });
        expect(store.get("c", "outer")).toBe(1);
        expect(store.get("c", "after")).toBe(3);
        expect(store.get("c", "inner")).toBeUndefined();
        expect(store.get("c", "x")).toBe("before");
      });

      it("is usable again after a rollback", () => {
        expect(() =>
          store.transaction(() => {
            store.put("c", "a", 1);
            throw new Error("x");
          }),
        ).toThrow();
        store.transaction(() => store.put("c", "b", 2));
        store.put("c", "c", 3);
        expect(keys(store.list("c"))).toEqual(["b", "c"]);
      });

      it("refuses an async function", () => {
        expect(() => store.transaction((async () => store.put("c", "a", 1)) as unknown as () => void)).toThrow();
      });
    });

    describe("clear", () => {
      it("removes every document and index entry of every collection", () => {
        store.put("a", "k", 1, { i: "v" });
        store.put("b", "k", 2);
        store.clear();
        expect(store.get("a", "k")).toBeUndefined();
        expect(store.count("a")).toBe(0);
        expect(store.list("b")).toEqual([]);
        expect(store.findByIndex("a", "i", "v")).toEqual([]);
        store.put("a", "k", 3);
        expect(store.get("a", "k")).toBe(3);
      });

      it("is undone by a rollback", () => {
        store.put("a", "k", 1, { i: "v" });
        expect(() =>
          store.transaction(() => {
            store.clear();
            store.put("a", "other", 2);
            throw new Error("x");
          }),
        ).toThrow();
        expect(store.get("a", "k")).toBe(1);
        expect(store.get("a", "other")).toBeUndefined();
        expect(keys(store.findByIndex("a", "i", "v"))).toEqual(["k"]);
      });
    });
  });
}
