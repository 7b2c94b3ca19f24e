import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { deepFreeze, indexEntries, type IndexValues, type ListOptions, type Store, type StoredItem } from "./store.js";

/**
 * SQLite store (WAL). Each put/delete outside a transaction is its own committed
 * transaction, so a write is on disk before the request that made it is answered.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // NORMAL under WAL survives a killed process (the OS holds the log); only power loss can drop the tail.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs (
        collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (collection, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS idx (
        collection TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL,
        PRIMARY KEY (collection, name, value, key)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idx_by_key ON idx (collection, key);
    `);
    this.stmts = {
      get: this.db.prepare<[string, string], { value: string }>("SELECT value FROM docs WHERE collection = ? AND key = ?"),
      put: this.db.prepare("INSERT INTO docs (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value"),
      del: this.db.prepare("DELETE FROM docs WHERE collection = ? AND key = ?"),
      delIdx: this.db.prepare("DELETE FROM idx WHERE collection = ? AND key = ?"),
      putIdx: this.db.prepare("INSERT OR IGNORE INTO idx (collection, name, value, key) VALUES (?, ?, ?, ?)"),
      findIdx: this.db.prepare<[string, string, string], { key: string; value: string }>(
        "SELECT d.key, d.value FROM idx i JOIN docs d ON d.collection = i.collection AND d.key = i.key WHERE i.collection = ? AND i.name = ? AND i.value = ? ORDER BY d.key",
      ),
      count: this.db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM docs WHERE collection = ?"),
      countPrefix: this.db.prepare<[string, string, string], { n: number }>(
        "SELECT count(*) AS n FROM docs WHERE collection = ? AND key >= ? AND key < ?",
      ),
    };
  }

  get<T>(collection: string, key: string): T | undefined {
    const row = this.stmts.get.get(collection, key);
    return row === undefined ? undefined : (deepFreeze(JSON.parse(row.value)) as T);
  }

  put<T>(collection: string, key: string, value: T, index?: IndexValues): void {
    this.transaction(() => {
      this.stmts.put.run(collection, key, JSON.stringify(value));
      this.stmts.delIdx.run(collection, key);
      for (const [name, v] of indexEntries(index)) this.stmts.putIdx.run(collection, name, v, key);
    });
  }

  delete(collection: string, key: string): boolean {
    return this.transaction(() => {
      this.stmts.delIdx.run(collection, key);
      return this.stmts.del.run(collection, key).changes > 0;
    });
  }

  list<T>(collection: string, options: ListOptions = {}): StoredItem<T>[] {
    const where = ["collection = ?"];
    const args: Array<string | number> = [collection];
    if (options.prefix !== undefined) {
      where.push("key >= ? AND key < ?");
      args.push(options.prefix, prefixEnd(options.prefix));
    }
    if (options.after !== undefined) {
      where.push("key > ?");
      args.push(options.after);
    }
    let sql = `SELECT key, value FROM docs WHERE ${where.join(" AND ")} ORDER BY key`;
    if (options.limit !== undefined) {
      sql += " LIMIT ?";
      args.push(options.limit);
    }
    const rows = this.db.prepare<Array<string | number>, { key: string; value: string }>(sql).all(...args);
    return rows.map((r) => ({ key: r.key, value: deepFreeze(JSON.parse(r.value)) as T }));
  }

  count(collection: string, options: { prefix?: string } = {}): number {
    if (options.prefix === undefined) return this.stmts.count.get(collection)!.n;
    return this.stmts.countPrefix.get(collection, options.prefix, prefixEnd(options.prefix))!.n;
  }

  findByIndex<T>(collection: string, name: string, value: string): StoredItem<T>[] {
    return this.stmts.findIdx.all(collection, name, value).map((r) => ({ key: r.key, value: deepFreeze(JSON.parse(r.value)) as T }));
  }

  transaction<R>(fn: () => R): R {
    // better-sqlite3 turns a nested call into a SAVEPOINT, so an inner failure that the outer
    // function catches undoes only the inner writes.
    return this.db.transaction(fn).immediate();
  }

  clear(): void {
    this.db.exec("DELETE FROM docs; DELETE FROM idx;");
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * An upper bound for every string with this prefix. SQLite compares TEXT as UTF-8 bytes, where
 * U+10FFFF (F4 8F BF BF) sorts after every other code point; U+FFFF would miss astral characters.
 */
function prefixEnd(prefix: string): string {
  return prefix + "\u{10FFFF}";
}
