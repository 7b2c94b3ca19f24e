import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { deepFreeze, indexEntries, type IndexValues, type ListOptions, type Store, type StoredItem } from "./store.js";

/** Parsed reads of one collection, kept until the collection is written. */
interface CollectionCache {
  readonly docs: Map<string, unknown>;
  readonly found: Map<string, ReadonlyArray<StoredItem<unknown>>>;
}

/** Past this many kept reads in a collection, its cache starts over (memory stays bounded). */
const CACHE_LIMIT = 10_000;

/**
 * SQLite store (WAL). Each put/delete outside a transaction is its own committed
 * transaction, so a write is on disk before the request that made it is answered.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly stmts;
  /**
   * get() and findByIndex() answers, parsed and frozen, by collection: requests read the same
   * documents again and again (a Graph list reads a kind's every object, each one JSON to parse),
   * and a kept answer costs at most one `PRAGMA data_version` per event-loop turn instead. A write
   * (or a rolled-back transaction, or clear) drops the cache it touches; a commit by another
   * connection changes SQLite's data_version, and then every cache goes.
   */
  private readonly cache = new Map<string, CollectionCache>();
  private dataVersion: number;
  /**
   * Whether data_version was read in this turn of the event loop: it is read once per turn, not
   * once per read (a request reads several collections, and each PRAGMA is a read transaction
   * with its file locks). Reads in one turn see one version, as if they had run together.
   */
  private versionChecked = false;
  private readonly forgetVersionCheck = () => {
    this.versionChecked = false;
  };

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
      findIdxPrefix: this.db.prepare<[string, string, string, string, string], { key: string; value: string }>(
        "SELECT d.key, d.value FROM docs d WHERE d.collection = ? AND d.key IN (SELECT i.key FROM idx i WHERE i.collection = ? AND i.name = ? AND i.value >= ? AND i.value < ?) ORDER BY d.key",
      ),
      dataVersion: this.db.prepare<[], number>("PRAGMA data_version").pluck(),
      count: this.db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM docs WHERE collection = ?"),
      countPrefix: this.db.prepare<[string, string, string], { n: number }>(
        "SELECT count(*) AS n FROM docs WHERE collection = ? AND key >= ? AND key < ?",
      ),
    };
    this.dataVersion = this.stmts.dataVersion.get()!;
  }

  private cached(collection: string): CollectionCache {
    if (!this.versionChecked) {
      this.versionChecked = true;
      setImmediate(this.forgetVersionCheck);
      const version = this.stmts.dataVersion.get()!;
      if (version !== this.dataVersion) {
        this.cache.clear();
        this.dataVersion = version;
      }
    }
    let c = this.cache.get(collection);
    if (c === undefined || c.docs.size + c.found.size > CACHE_LIMIT) this.cache.set(collection, (c = { docs: new Map(), found: new Map() }));
    return c;
  }

  get<T>(collection: string, key: string): T | undefined {
    const c = this.cached(collection);
    if (c.docs.has(key)) return c.docs.get(key) as T | undefined;
    const row = this.stmts.get.get(collection, key);
    const value = row === undefined ? undefined : deepFreeze(JSON.parse(row.value));
    c.docs.set(key, value);
    return value as T | undefined;
  }

  put<T>(collection: string, key: string, value: T, index?: IndexValues): void {
    this.cache.delete(collection);
    this.transaction(() => {
      this.stmts.put.run(collection, key, JSON.stringify(value));
      this.stmts.delIdx.run(collection, key);
      for (const [name, v] of indexEntries(index)) this.stmts.putIdx.run(collection, name, v, key);
    });
  }

  delete(collection: string, key: string): boolean {
    this.cache.delete(collection);
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
    const c = this.cached(collection);
    const cacheKey = `${name}\u0000${value}`;
    let found = c.found.get(cacheKey);
    if (found === undefined) {
      found = this.stmts.findIdx.all(collection, name, value).map((r) => ({ key: r.key, value: deepFreeze(JSON.parse(r.value)) }));
      c.found.set(cacheKey, found);
    }
    // A copy: callers may sort or splice what they get.
    return found.slice() as StoredItem<T>[];
  }

  findByIndexPrefix<T>(collection: string, name: string, prefix: string): StoredItem<T>[] {
    return this.stmts.findIdxPrefix
      .all(collection, collection, name, prefix, prefixEnd(prefix))
      .map((r) => ({ key: r.key, value: deepFreeze(JSON.parse(r.value)) as T }));
  }

  transaction<R>(fn: () => R): R {
    // better-sqlite3 turns a nested call into a SAVEPOINT, so an inner failure that the outer
    // function catches undoes only the inner writes.
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      // Rolled back: reads kept since the writes began may show what is no longer there.
      this.cache.clear();
      throw err;
    }
  }

  clear(): void {
    this.cache.clear();
    this.db.exec("DELETE FROM docs; DELETE FROM idx;");
  }

  close(): void {
    this.cache.clear();
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
