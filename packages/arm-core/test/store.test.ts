import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MemoryStore, PostgresStore, SqliteStore } from "../src/index.js";
import { storeContract } from "./store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "azmi-store-"));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract("MemoryStore", () => new MemoryStore());
storeContract("SqliteStore (file, WAL)", () => new SqliteStore(join(dir, `contract-${n++}`, "state.db")));
storeContract("SqliteStore (:memory:)", () => new SqliteStore(":memory:"));

const postgres = inject("postgres");
storeContract(
  "PostgresStore",
  async () => {
    const store = await PostgresStore.open((postgres as { url: string }).url);
    store.clear();
    return store;
  },
  "skipped" in postgres ? { skip: postgres.skipped } : {},
);

describe("SqliteStore persistence", () => {
  it("keeps documents and indexes across close and reopen", () => {
    const file = join(dir, "persist", "nested", "state.db");
    const first = new SqliteStore(file);
    expect(first.kind).toBe("sqlite");
    first.put("resources", "/a", { name: "a", tags: { x: "1" } }, { parent: "/", tag: ["x", "y"] });
    first.put("resources", "/b", { name: "b" });
    first.transaction(() => first.put("resources", "/c", { name: "c" }));
    first.delete("resources", "/b");
    first.close();
    first.close(); // closing twice is harmless

    const second = new SqliteStore(file);
    expect(second.get("resources", "/a")).toEqual({ name: "a", tags: { x: "1" } });
    expect(second.get("resources", "/b")).toBeUndefined();
    expect(second.list("resources").map((i) => i.key)).toEqual(["/a", "/c"]);
    expect(second.findByIndex("resources", "tag", "y").map((i) => i.key)).toEqual(["/a"]);
    second.close();
  });

  it("does not keep a rolled-back transaction after reopen", () => {
    const file = join(dir, "rollback", "state.db");
    const first = new SqliteStore(file);
    expect(() =>
      first.transaction(() => {
        first.put("c", "k", 1);
        throw new Error("x");
      }),
    ).toThrow();
    first.close();
    const second = new SqliteStore(file);
    expect(second.get("c", "k")).toBeUndefined();
    second.close();
  });

  it("sees another connection's committed writes from its next event-loop turn on (one data dir, WAL)", async () => {
    const file = join(dir, "shared", "state.db");
    const writer = new SqliteStore(file);
    const reader = new SqliteStore(file);
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    writer.put("c", "k", { v: 1 });
    expect(reader.get("c", "k")).toEqual({ v: 1 });
    // Also after the reader has read (and kept) the documents: the reads it keeps go stale.
    expect(reader.findByIndex("c", "i", "x")).toEqual([]);
    writer.put("c", "k", { v: 2 }, { i: "x" });
    // Within the turn that read them, the reader's reads stay one consistent view, awaits included ...
    expect(reader.get("c", "k")).toEqual({ v: 1 });
    await Promise.resolve();
    expect(reader.get("c", "k")).toEqual({ v: 1 });
    await nextTurn();
    // ... and the next turn sees the commit.
    expect(reader.get("c", "k")).toEqual({ v: 2 });
    expect(reader.findByIndex("c", "i", "x")).toEqual([{ key: "k", value: { v: 2 } }]);
    writer.delete("c", "k");
    await nextTurn();
    expect(reader.get("c", "k")).toBeUndefined();
    writer.close();
    reader.close();
  });
});

describe("MemoryStore", () => {
  it("is gone when a new one is made", () => {
    const a = new MemoryStore();
    a.put("c", "k", 1);
    expect(a.kind).toBe("memory");
    expect(new MemoryStore().get("c", "k")).toBeUndefined();
  });
});
