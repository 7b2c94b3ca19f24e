/**
 * A store file azmi creates has 16 KB pages, so that a service principal's document sits on its
 * leaf page instead of spilling onto an overflow page; a file made by an earlier azmi (4 KB pages)
 * keeps its pages and its documents, and takes new writes.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PAGE_SIZE_BYTES, SqliteStore } from "../src/store/sqlite-store.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "azmi-sqlite-pages-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function pageSizeOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("page_size", { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** How many overflow pages the documents table uses (dbstat is compiled into better-sqlite3). */
function overflowPagesOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM dbstat WHERE name = 'docs' AND pagetype = 'overflow'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const principal = { appDisplayName: "x".repeat(1_400), id: "00000000-0000-0000-0000-000000000001" };

describe("SQLite page size", () => {
  it("a new store file has 16 KB pages and keeps a 1.5 KB document on its leaf page", () => {
    const file = join(dir, "state.db");
    const store = new SqliteStore(file);
    store.transaction(() => {
      for (let i = 0; i < 50; i++) store.put("directoryObjects", `object-${i}`, principal);
    });
    store.close();
    expect(PAGE_SIZE_BYTES).toBe(16_384);
    expect(pageSizeOf(file)).toBe(16_384);
    expect(overflowPagesOf(file)).toBe(0);
  });

  it("a file made with 4 KB pages keeps them, its documents, and takes new writes", () => {
    const file = join(dir, "state.db");
    const old = new Database(file);
    old.pragma("page_size = 4096");
    old.pragma("journal_mode = WAL");
    old.exec(`
      CREATE TABLE docs (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID;
      CREATE TABLE idx (collection TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (collection, name, value, key)) WITHOUT ROWID;
      CREATE INDEX idx_by_key ON idx (collection, key);
    `);
    old.prepare("INSERT INTO docs VALUES (?, ?, ?)").run("directoryObjects", "object-0", JSON.stringify(principal));
    old.close();

    const store = new SqliteStore(file);
    expect(store.get("directoryObjects", "object-0")).toEqual(principal);
    store.put("directoryObjects", "object-1", { ...principal, id: "00000000-0000-0000-0000-000000000002" });
    store.close();
    expect(pageSizeOf(file)).toBe(4_096);
    const reopened = new SqliteStore(file);
    expect(reopened.list("directoryObjects").map((item) => item.key)).toEqual(["object-0", "object-1"]);
    reopened.close();
  });
});
