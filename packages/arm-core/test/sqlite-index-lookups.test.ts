/**
 * SQLite answers a lookup by index value from idx's primary key, whatever the collection holds:
 * the plan of each lookup statement (INDEX_LOOKUPS) is read back from a store file with documents
 * in it. A plan that walks the collection's documents and probes idx for each (what SQLite chose
 * for `ORDER BY d.key`) looks up documents by collection alone; these never do.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDEX_LOOKUPS, SqliteStore } from "../src/store/sqlite-store.js";

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "azmi-sqlite-plan-"));
  file = join(dir, "state.db");
  const store = new SqliteStore(file);
  store.transaction(() => {
    for (let i = 0; i < 2_000; i++) store.put("objects", `key-${i}`, { n: i }, { appId: `app-${i}`, kind: "sp" });
  });
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function planOf(sql: string, params: unknown[]): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => (row as { detail: string }).detail);
  } finally {
    db.close();
  }
}

describe("lookups by index value", () => {
  it.each([
    ["findIdx", INDEX_LOOKUPS.findIdx, ["objects", "appId", "app-7"]],
    ["findIdxPrefix", INDEX_LOOKUPS.findIdxPrefix, ["objects", "objects", "appId", "app-7", "app-8"]],
    ["heldBy", INDEX_LOOKUPS.heldBy, ["objects", "appId", "app-7", "key-7"]],
  ] as const)("%s searches idx by name and value, and reads documents by key only", (_name, sql, params) => {
    const plan = planOf(sql, [...params]);
    expect(
      plan.some(
        (line) =>
          line.startsWith("SEARCH i USING PRIMARY KEY (collection=? AND name=? AND value") ||
          line.startsWith("SEARCH idx USING PRIMARY KEY (collection=? AND name=? AND value"),
      ),
    ).toBe(true);
    for (const line of plan) {
      expect(line).not.toMatch(/^SCAN/);
      if (/^SEARCH d /.test(line)) expect(line).toContain("key=?");
    }
  });

  it("finds what was indexed, in key order", () => {
    const store = new SqliteStore(file);
    try {
      expect(store.findByIndex("objects", "appId", "app-1234").map((item) => item.key)).toEqual(["key-1234"]);
      expect(store.findByIndex("objects", "kind", "sp")).toHaveLength(2_000);
      const keys = store.findByIndex("objects", "kind", "sp").map((item) => item.key);
      expect(keys).toEqual([...keys].sort());
    } finally {
      store.close();
    }
  });
});
