/** What only the PostgreSQL store has: several processes on one database, migrations, a database that goes away. */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PostgresStore, SCHEMA_VERSION, SchemaTooNewError, StoreUnavailableError } from "../src/index.js";
import { createDatabase, startLocalPostgres, type LocalPostgres } from "../../../scripts/local-postgres.mjs";

const postgres = inject("postgres");
const skip = "skipped" in postgres ? postgres.skipped : undefined;
let databases = 0;
const freshDatabase = () => createDatabase((postgres as { url: string }).url, `store_${process.pid}_${databases++}`);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe.skipIf(skip !== undefined)(`PostgresStore${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("shows one connection's committed writes to another from its next event-loop turn on, as replicas need", async () => {
    const url = freshDatabase();
    const a = await PostgresStore.open(url);
    const b = await PostgresStore.open(url);
    try {
      a.put("c", "k", { v: 1 }, { i: "x" });
      expect(b.get("c", "k")).toEqual({ v: 1 });
      expect(b.findByIndex("c", "i", "x").map((i) => i.key)).toEqual(["k"]);
      a.transaction(() => {
        a.put("c", "k", { v: 2 }, { i: "y" });
        a.put("c", "k2", { v: 3 });
      });
      await nextTurn();
      expect(b.get("c", "k")).toEqual({ v: 2 });
      expect(b.findByIndex("c", "i", "x")).toEqual([]);
      expect(b.list("c").map((i) => i.key)).toEqual(["k", "k2"]);
      // And back: b's writes reach a, whose own writes had kept its caches.
      expect(a.get("c", "k")).toEqual({ v: 2 });
      b.delete("c", "k");
      await nextTurn();
      expect(a.get("c", "k")).toBeUndefined();
      // A rolled-back transaction of one is never seen by the other.
      expect(() =>
        a.transaction(() => {
          a.put("c", "ghost", 1);
          throw new Error("no");
        }),
      ).toThrow("no");
      await nextTurn();
      expect(b.get("c", "ghost")).toBeUndefined();
      // Exactly one of two inserts of one key wins.
      expect(a.insert("c", "once", "a")).toBe(true);
      expect(b.insert("c", "once", "b")).toBe(false);
      expect(b.get("c", "once")).toBe("a");
    } finally {
      a.close();
      b.close();
    }
  });

  it("migrates a new database once, and refuses one migrated by a newer azmi", async () => {
    const url = freshDatabase();
    const logs: string[] = [];
    const first = await PostgresStore.open(url, { log: (m) => logs.push(m) });
    expect(logs.some((m) => m.includes("applying migration 1"))).toBe(true);
    first.put("c", "k", 1);
    first.close();
    logs.length = 0;
    const again = await PostgresStore.open(url, { log: (m) => logs.push(m) });
    expect(logs).toEqual([]);
    expect(again.get("c", "k")).toBe(1);
    again.close();
    // What a later azmi's migration would record.
    const { execFileSync } = await import("node:child_process");
    const { findPostgresBin } = await import("../../../scripts/local-postgres.mjs");
    execFileSync(`${findPostgresBin() ?? "/usr/bin"}/psql`, [
      "-X",
      "-q",
      "-d",
      url,
      "-c",
      `INSERT INTO azmi_schema_migrations (version, name) VALUES (${SCHEMA_VERSION + 1}, 'from the future')`,
    ]);
    const refused = await PostgresStore.open(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SchemaTooNewError);
    expect((refused as Error).message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this azmi knows \\(${SCHEMA_VERSION}\\)`));
  });

  it("waits for the database at start for a bounded time, saying so, then gives up with a clear error", async () => {
    const logs: string[] = [];
    const error = await PostgresStore.open("postgres://azmi@127.0.0.1:1/none", { waitMs: 600, log: (m) => logs.push(m) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/could not connect to PostgreSQL \(postgres:\/\/azmi@127\.0\.0\.1:1\/none\)/);
    expect(logs[0]).toMatch(/waiting for PostgreSQL \(attempt 1\)/);
  });

  describe("a database that goes away", () => {
    let own: LocalPostgres | undefined;
    beforeAll(async () => {
      const started = await startLocalPostgres({ own: true });
      if ("url" in started) own = started;
    });
    afterAll(() => own?.stop());

    it("fails reads and writes with StoreUnavailableError while it is down, rolls back what was open, and recovers by itself", async () => {
      if (own === undefined) throw new Error("could not start a second PostgreSQL server");
      const store = await PostgresStore.open(own.url);
      try {
        store.put("c", "kept", 1);
        own.pause();
        await nextTurn();
        expect(() => store.get("c", "kept")).toThrow(StoreUnavailableError);
        expect(() => store.put("c", "lost", 1)).toThrow(StoreUnavailableError);
        own.resume();
        // The worker pauses briefly between connection attempts; the store itself needs nothing.
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(store.get("c", "kept")).toBe(1);
        expect(store.get("c", "lost")).toBeUndefined();
        store.put("c", "new", 2);
        expect(store.list("c").map((i) => i.key)).toEqual(["kept", "new"]);
      } finally {
        store.close();
      }
    });
  });
});
