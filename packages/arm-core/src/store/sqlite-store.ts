import Database from "better-sqlite3";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { deepFreeze, indexEntries, UniqueIndexConflict, type IndexValues, type ListOptions, type PutOptions, type Store, type StoredItem } from "./store.js";

/** Parsed reads of one collection, kept until the collection is written. */
interface CollectionCache {
  readonly docs: Map<string, unknown>;
  readonly found: Map<string, ReadonlyArray<StoredItem<unknown>>>;
}

/**
 * Where better-sqlite3's install put its native addon. Left to itself the driver asks `bindings`
 * to search a dozen candidate paths at every start; undefined (that search) when the addon is
 * elsewhere, e.g. a debug build.
 */
function nativeAddonPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("better-sqlite3/build/Release/better_sqlite3.node");
  } catch {
    return undefined;
  }
}

/**
 * The lookups by index value. Each starts from idx's primary key (collection, name, value, key)
 * and reads only the documents it names. SQLite keeps no statistics here, and given `ORDER BY
 * d.key` it chose to walk the collection's documents in key order and probe idx for each: a scan
 * of the whole collection, seconds per Graph `$filter` at a million objects. Ordered by i.key
 * (equal to d.key), with idx pinned as the outer loop (CROSS JOIN), the plan cannot turn.
 */
export const INDEX_LOOKUPS = {
  heldBy: "SELECT key FROM idx WHERE collection = ? AND name = ? AND value = ? AND key <> ? LIMIT 1",
  findIdx:
    "SELECT d.key, d.value FROM idx i CROSS JOIN docs d ON d.collection = i.collection AND d.key = i.key WHERE i.collection = ? AND i.name = ? AND i.value = ? ORDER BY i.key",
  findIdxPrefix:
    "SELECT d.key, d.value FROM docs d WHERE d.collection = ? AND d.key IN (SELECT i.key FROM idx i WHERE i.collection = ? AND i.name = ? AND i.value >= ? AND i.value < ?) ORDER BY d.key",
} as const;

/** Past this many kept reads in a collection, its cache starts over (memory stays bounded). */
const CACHE_LIMIT = 10_000;

/** The page size of a database file this store creates (see the constructor). */
export const PAGE_SIZE_BYTES = 16_384;

/**
 * State holds signing keys and client secrets: its directory is the owner's alone (0700) and so
 * is the database file (0600). SQLite gives its -wal and -shm files the database file's mode.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface SqliteStoreOptions {
  /** Told about a stored row that cannot be read (it is skipped); console.warn by default. */
  readonly warn?: (message: string) => void;
}

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

  private readonly warn: (message: string) => void;
  /** Rows already reported as unreadable, so that a list read again and again warns once. */
  private readonly reportedRows = new Set<string>();

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.warn = options.warn ?? ((message) => console.warn(message));
    if (file !== ":memory:") createPrivateFile(file);
    this.db = new Database(file, { nativeBinding: nativeAddonPath() });
    // Taken by a new file only (an existing one keeps its size). At 4 KB a service principal's
    // document (~1.5 KB) spilled onto an overflow page of its own, mostly unused, and keys of
    // ~150 bytes gave interior pages a small fan-out. Measured on a million identities written
    // both ways: the file 11.5 → 8.4 GB, a read of a document SQLite has not cached 21 → 16 µs
    // (median), and a write transaction costs the same.
    this.db.pragma(`page_size = ${PAGE_SIZE_BYTES}`);
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
      insert: this.db.prepare("INSERT INTO docs (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO NOTHING"),
      heldBy: this.db.prepare<[string, string, string, string], string>(INDEX_LOOKUPS.heldBy).pluck(),
      findIdx: this.db.prepare<[string, string, string], { key: string; value: string }>(INDEX_LOOKUPS.findIdx),
      findIdxPrefix: this.db.prepare<[string, string, string, string, string], { key: string; value: string }>(INDEX_LOOKUPS.findIdxPrefix),
      dataVersion: this.db.prepare<[], number>("PRAGMA data_version").pluck(),
      count: this.db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM docs WHERE collection = ?"),
      countPrefix: this.db.prepare<[string, string, string], { n: number }>("SELECT count(*) AS n FROM docs WHERE collection = ? AND key >= ? AND key < ?"),
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
    const value = row === undefined ? undefined : this.parsed(collection, key, row.value);
    c.docs.set(key, value);
    return value as T | undefined;
  }

  put<T>(collection: string, key: string, value: T, index?: IndexValues, options?: PutOptions): void {
    this.cache.delete(collection);
    const entries = indexEntries(index);
    this.transaction(() => {
      // In a write transaction (BEGIN IMMEDIATE): no other connection can add a holder meanwhile.
      if (options?.unique !== undefined) {
        for (const [name, v] of entries) {
          if (!options.unique.includes(name)) continue;
          const heldBy = this.stmts.heldBy.get(collection, name, v, key);
          if (heldBy !== undefined) throw new UniqueIndexConflict(collection, name, v, heldBy);
        }
      }
      this.stmts.put.run(collection, key, JSON.stringify(value));
      this.stmts.delIdx.run(collection, key);
      for (const [name, v] of entries) this.stmts.putIdx.run(collection, name, v, key);
    });
  }

  insert<T>(collection: string, key: string, value: T, index?: IndexValues): boolean {
    this.cache.delete(collection);
    return this.transaction(() => {
      if (this.stmts.insert.run(collection, key, JSON.stringify(value)).changes === 0) return false;
      for (const [name, v] of indexEntries(index)) this.stmts.putIdx.run(collection, name, v, key);
      return true;
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
    return this.readable<T>(collection, rows);
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
      found = this.readable(collection, this.stmts.findIdx.all(collection, name, value));
      c.found.set(cacheKey, found);
    }
    // A copy: callers may sort or splice what they get.
    return found.slice() as StoredItem<T>[];
  }

  findByIndexPrefix<T>(collection: string, name: string, prefix: string): StoredItem<T>[] {
    return this.readable<T>(collection, this.stmts.findIdxPrefix.all(collection, collection, name, prefix, prefixEnd(prefix)));
  }

  /**
   * A row whose text is not JSON (a damaged file, a hand edit) reads as absent, with one warning:
   * one bad row must not turn every list of its collection into a failure.
   */
  private parsed(collection: string, key: string, text: string): unknown {
    try {
      return deepFreeze(JSON.parse(text));
    } catch (error) {
      const id = `${collection}\u0000${key}`;
      if (!this.reportedRows.has(id)) {
        this.reportedRows.add(id);
        this.warn(`azmi: warning: skipping unreadable stored row ${collection}/${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return undefined;
    }
  }

  private readable<T>(collection: string, rows: ReadonlyArray<{ key: string; value: string }>): StoredItem<T>[] {
    const out: StoredItem<T>[] = [];
    for (const row of rows) {
      const value = this.parsed(collection, row.key, row.value);
      if (value !== undefined) out.push({ key: row.key, value: value as T });
    }
    return out;
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
 * Makes the database file's directory (0700) and the file itself (0600) before SQLite opens it:
 * SQLite would create it world-readable (0644 under the usual umask), and copies its mode to the
 * -wal and -shm files. An existing file is left as it is (the emulator warns about wide modes).
 */
function createPrivateFile(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    chmodSync(dir, PRIVATE_DIR_MODE);
  }
  if (!existsSync(file)) {
    closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
    chmodSync(file, PRIVATE_FILE_MODE);
  }
}

/**
 * An upper bound for every string with this prefix. SQLite compares TEXT as UTF-8 bytes, where
 * U+10FFFF (F4 8F BF BF) sorts after every other code point; U+FFFF would miss astral characters.
 */
function prefixEnd(prefix: string): string {
  return prefix + "\u{10FFFF}";
}
