import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { MIGRATION_LOCK, MIGRATIONS, SchemaTooNewError } from "./postgres-schema.js";
import {
  deepFreeze,
  indexEntries,
  StoreUnavailableError,
  UniqueIndexConflict,
  type IndexValues,
  type ListOptions,
  type PutOptions,
  type Store,
  type StoredItem,
} from "./store.js";

interface Statement {
  /** Named statements are prepared once per connection. */
  readonly name?: string;
  readonly text: string;
  readonly values?: readonly unknown[];
}

type Row = Record<string, unknown>;

type Reply = { id: number; ok: true; rows: Row[][] } | { id: number; ok: false; error: { kind: "unavailable" | "sql"; message: string; code?: string } };

interface CollectionCache {
  readonly docs: Map<string, unknown>;
  readonly found: Map<string, ReadonlyArray<StoredItem<unknown>>>;
}

export interface PostgresStoreOptions {
  /** How long start-up waits for the database to accept connections (default 30 s). */
  readonly waitMs?: number;
  /** Start-up messages (waiting for the database, migrations). */
  readonly log?: (message: string) => void;
}

/** Past this many kept reads in a collection, its cache starts over (memory stays bounded). */
const CACHE_LIMIT = 10_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** A statement (lock waits included) that runs longer fails; the store gives up a little later. */
const QUERY_TIMEOUT_MS = 15_000;
const CALL_TIMEOUT_MS = QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1_000;

const SQL = {
  get: { name: "azmi_get", text: "SELECT value FROM azmi_docs WHERE collection = $1 AND key = $2" },
  // One statement: the document, its index entries that are gone, the new ones. The DELETE and the
  // INSERT touch disjoint rows (an entry kept is neither deleted nor inserted again).
  put: {
    name: "azmi_put",
    text: `WITH doc AS (INSERT INTO azmi_docs (collection, key, value) VALUES ($1, $2, $3) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value),
      entries AS (SELECT DISTINCT n, v FROM unnest($4::text[], $5::text[]) AS t(n, v)),
      gone AS (DELETE FROM azmi_idx i WHERE i.collection = $1 AND i.key = $2 AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.n = i.name AND e.v = i.value))
      INSERT INTO azmi_idx (collection, name, value, key, uniq) SELECT $1, n, v, $2, n = ANY($6::text[]) FROM entries ON CONFLICT DO NOTHING`,
  },
  // After a put with unique entries: does another document hold one of them? (Its insert was skipped.)
  heldBy: {
    name: "azmi_held_by",
    text: `SELECT i.name, i.value, i.key FROM azmi_idx i JOIN unnest($3::text[], $4::text[]) AS t(n, v) ON i.name = t.n AND i.value = t.v
      WHERE i.collection = $1 AND i.key <> $2 LIMIT 1`,
  },
  insert: {
    name: "azmi_insert",
    text: `WITH doc AS (INSERT INTO azmi_docs (collection, key, value) VALUES ($1, $2, $3) ON CONFLICT (collection, key) DO NOTHING RETURNING key),
      ix AS (INSERT INTO azmi_idx (collection, name, value, key) SELECT DISTINCT $1, t.n, t.v, $2 FROM unnest($4::text[], $5::text[]) AS t(n, v)
        WHERE EXISTS (SELECT 1 FROM doc) ON CONFLICT DO NOTHING)
      SELECT count(*)::int AS n FROM doc`,
  },
  delete: {
    name: "azmi_delete",
    text: "WITH ix AS (DELETE FROM azmi_idx WHERE collection = $1 AND key = $2) DELETE FROM azmi_docs WHERE collection = $1 AND key = $2 RETURNING key",
  },
  findIdx: {
    name: "azmi_find",
    // Ordered by i.key (equal to d.key): the index's own order, so no plan walks the collection's documents (sqlite-store.ts INDEX_LOOKUPS).
    text: "SELECT d.key, d.value FROM azmi_idx i JOIN azmi_docs d ON d.collection = i.collection AND d.key = i.key WHERE i.collection = $1 AND i.name = $2 AND i.value = $3 ORDER BY i.key",
  },
  findIdxPrefix: {
    name: "azmi_find_prefix",
    text: "SELECT d.key, d.value FROM azmi_docs d WHERE d.collection = $1 AND d.key IN (SELECT i.key FROM azmi_idx i WHERE i.collection = $1 AND i.name = $2 AND i.value >= $3 AND i.value < $4) ORDER BY d.key",
  },
  count: { name: "azmi_count", text: "SELECT count(*)::int AS n FROM azmi_docs WHERE collection = $1" },
  countPrefix: { name: "azmi_count_prefix", text: "SELECT count(*)::int AS n FROM azmi_docs WHERE collection = $1 AND key >= $2 AND key < $3" },
  version: { name: "azmi_version", text: "SELECT version::text AS v FROM azmi_changes WHERE id = 1" },
  // Taken last, just before COMMIT and in the same round trip: the row lock is held only while
  // committing, after every other lock of the transaction, so it cannot close a deadlock.
  bump: { name: "azmi_bump", text: "UPDATE azmi_changes SET version = version + 1 WHERE id = 1 RETURNING version::text AS v" },
} as const;

/**
 * PostgreSQL store: the state of any number of azmi replicas. Synchronous like the others (see
 * workers/postgres-connection.js for how): every put/delete outside a transaction is its own
 * committed transaction, so a write is in the database before the request that made it is
 * answered, and any replica's next request reads it.
 *
 * Reads are kept as the SQLite store keeps them (parsed, frozen, by collection, bounded), and
 * dropped the same way: a committing write transaction bumps one counter row (azmi_changes),
 * which every replica reads once per event-loop turn, as SQLite's store reads data_version. So
 * a write acknowledged by one replica is seen by the next request to any other.
 */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  private readonly cache = new Map<string, CollectionCache>();
  private version = "";
  private versionChecked = false;
  private readonly forgetVersionCheck = () => {
    this.versionChecked = false;
  };
  /** Nesting depth of transaction(); 0 outside. */
  private depth = 0;
  /** BEGIN not sent yet: it goes with the transaction's first statement (one round trip less). */
  private pendingBegin = false;
  /** Whether the open transaction wrote (and so must bump the change counter). */
  private wrote = false;
  private seq = 0;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  /**
   * Connects (waiting for the database up to `waitMs`, saying so through `log`), applies the
   * migrations this database lacks, and refuses a database migrated by a newer azmi.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(new URL("../../workers/postgres-connection.js", import.meta.url), {
      workerData: { url, port: port2, signal, connectTimeoutMs: CONNECT_TIMEOUT_MS, queryTimeoutMs: QUERY_TIMEOUT_MS },
      transferList: [port2],
    });
    worker.unref();
    const store = new PostgresStore(worker, port1, signal);
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: { op: string; ok?: boolean; message?: string }) => {
          if (message.op === "log") options.log?.(`azmi: ${message.message}`);
          if (message.op !== "open") return;
          worker.off("message", onMessage);
          worker.off("error", reject);
          if (message.ok === true) resolve();
          else reject(new StoreUnavailableError(`could not connect to PostgreSQL (${redacted(url)}): ${message.message}`));
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
        worker.postMessage({ op: "open", waitMs: options.waitMs ?? 30_000 });
      });
      store.migrate(options.log);
      store.version = String(store.call([SQL.version])[0]![0]!.v);
    } catch (error) {
      await store.worker.terminate();
      throw error;
    }
    return store;
  }

  private migrate(log?: (message: string) => void): void {
    this.transaction(() => {
      this.call([
        { text: "SELECT pg_advisory_xact_lock($1)", values: [MIGRATION_LOCK] },
        {
          text: "CREATE TABLE IF NOT EXISTS azmi_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
        },
      ]);
      const current = Number(this.call([{ text: "SELECT coalesce(max(version), 0)::int AS v FROM azmi_schema_migrations" }])[0]![0]!.v);
      if (current > MIGRATIONS[MIGRATIONS.length - 1]!.version) throw new SchemaTooNewError(current);
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue;
        log?.(`azmi: PostgreSQL schema: applying migration ${migration.version} (${migration.name})`);
        this.call([
          { text: migration.sql },
          { text: "INSERT INTO azmi_schema_migrations (version, name) VALUES ($1, $2)", values: [migration.version, migration.name] },
        ]);
      }
    });
  }

  /** Runs statements on the worker's connection and waits for their rows. */
  private call(statements: Statement[], flags: { begins?: boolean; ends?: boolean } = {}): Row[][] {
    if (this.closed) throw new StoreUnavailableError("the store is closed");
    let batch = statements;
    const prefixed = this.pendingBegin;
    if (prefixed) {
      batch = [{ text: "BEGIN" }, ...statements];
      this.pendingBegin = false;
    }
    const begins = prefixed || flags.begins === true;
    this.seq = this.seq >= 0x7fffffff ? 1 : this.seq + 1;
    const id = this.seq;
    this.port.postMessage({ id, statements: batch, begins, ends: flags.ends === true });
    const deadline = Date.now() + CALL_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      if (seen !== id) {
        const left = deadline - Date.now();
        if (left <= 0) throw new StoreUnavailableError(`PostgreSQL did not answer within ${CALL_TIMEOUT_MS} ms`);
        Atomics.wait(this.signal, 0, seen, left);
        continue;
      }
      // Replies come in order; a late one of a call that timed out is skipped.
      for (let message = receiveMessageOnPort(this.port); message !== undefined; message = receiveMessageOnPort(this.port)) {
        const reply = message.message as Reply;
        if (reply.id !== id) continue;
        if (reply.ok) return prefixed ? reply.rows.slice(1) : reply.rows;
        if (reply.error.kind === "unavailable") throw new StoreUnavailableError(reply.error.message);
        throw new Error(`PostgreSQL: ${reply.error.message}${reply.error.code ? ` (${reply.error.code})` : ""}`);
      }
    }
  }

  private cached(collection: string): CollectionCache {
    if (!this.versionChecked) {
      const version = String(this.call([SQL.version])[0]![0]!.v);
      this.versionChecked = true;
      setImmediate(this.forgetVersionCheck);
      if (version !== this.version) {
        this.cache.clear();
        this.version = version;
      }
    }
    let c = this.cache.get(collection);
    if (c === undefined || c.docs.size + c.found.size > CACHE_LIMIT) this.cache.set(collection, (c = { docs: new Map(), found: new Map() }));
    return c;
  }

  get<T>(collection: string, key: string): T | undefined {
    const c = this.cached(collection);
    if (c.docs.has(key)) return c.docs.get(key) as T | undefined;
    const row = this.call([{ ...SQL.get, values: [collection, key] }])[0]![0];
    const value = row === undefined ? undefined : deepFreeze(JSON.parse(row.value as string));
    c.docs.set(key, value);
    return value as T | undefined;
  }

  put<T>(collection: string, key: string, value: T, index?: IndexValues, options?: PutOptions): void {
    const entries = indexEntries(index);
    const unique = options?.unique === undefined ? [] : entries.filter(([name]) => options.unique!.includes(name));
    this.write(collection, () => {
      const put = { ...SQL.put, values: [collection, key, JSON.stringify(value), entries.map((e) => e[0]), entries.map((e) => e[1]), unique.map((e) => e[0])] };
      if (unique.length === 0) {
        this.call([put]);
        return;
      }
      // In a savepoint: a conflict undoes this put only, and the transaction around it goes on.
      this.transaction(() => {
        const held = this.call([put, { ...SQL.heldBy, values: [collection, key, unique.map((e) => e[0]), unique.map((e) => e[1])] }])[1]![0];
        if (held !== undefined) throw new UniqueIndexConflict(collection, String(held.name), String(held.value), String(held.key));
      });
    });
  }

  insert<T>(collection: string, key: string, value: T, index?: IndexValues): boolean {
    const entries = indexEntries(index);
    return this.write(
      collection,
      () =>
        Number(this.call([{ ...SQL.insert, values: [collection, key, JSON.stringify(value), entries.map((e) => e[0]), entries.map((e) => e[1])] }])[0]![0]!.n) >
        0,
    );
  }

  delete(collection: string, key: string): boolean {
    return this.write(collection, () => this.call([{ ...SQL.delete, values: [collection, key] }])[0]!.length > 0);
  }

  list<T>(collection: string, options: ListOptions = {}): StoredItem<T>[] {
    const where = ["collection = $1"];
    const args: Array<string | number> = [collection];
    if (options.prefix !== undefined) {
      args.push(options.prefix, prefixEnd(options.prefix));
      where.push(`key >= $${args.length - 1} AND key < $${args.length}`);
    }
    if (options.after !== undefined) {
      args.push(options.after);
      where.push(`key > $${args.length}`);
    }
    let text = `SELECT key, value FROM azmi_docs WHERE ${where.join(" AND ")} ORDER BY key`;
    if (options.limit !== undefined) {
      args.push(options.limit);
      text += ` LIMIT $${args.length}`;
    }
    return this.call([{ text, values: args }])[0]!.map((r) => ({ key: r.key as string, value: deepFreeze(JSON.parse(r.value as string)) as T }));
  }

  count(collection: string, options: { prefix?: string } = {}): number {
    const statement =
      options.prefix === undefined
        ? { ...SQL.count, values: [collection] }
        : { ...SQL.countPrefix, values: [collection, options.prefix, prefixEnd(options.prefix)] };
    return Number(this.call([statement])[0]![0]!.n);
  }

  findByIndex<T>(collection: string, name: string, value: string): StoredItem<T>[] {
    const c = this.cached(collection);
    const cacheKey = `${name}\u0000${value}`;
    let found = c.found.get(cacheKey);
    if (found === undefined) {
      found = this.call([{ ...SQL.findIdx, values: [collection, name, value] }])[0]!.map((r) => ({
        key: r.key as string,
        value: deepFreeze(JSON.parse(r.value as string)),
      }));
      c.found.set(cacheKey, found);
    }
    // A copy: callers may sort or splice what they get.
    return found.slice() as StoredItem<T>[];
  }

  findByIndexPrefix<T>(collection: string, name: string, prefix: string): StoredItem<T>[] {
    return this.call([{ ...SQL.findIdxPrefix, values: [collection, name, prefix, prefixEnd(prefix)] }])[0]!.map((r) => ({
      key: r.key as string,
      value: deepFreeze(JSON.parse(r.value as string)) as T,
    }));
  }

  transaction<R>(fn: () => R): R {
    const depth = this.depth;
    const savepoint = `azmi_sp${depth}`;
    if (depth === 0) {
      this.pendingBegin = true;
      this.wrote = false;
    } else {
      this.call([{ text: `SAVEPOINT ${savepoint}` }]);
    }
    this.depth = depth + 1;
    let result: R;
    try {
      result = fn();
      if (result instanceof Promise) throw new TypeError("Store transactions are synchronous: do not pass an async function");
    } catch (error) {
      this.depth = depth;
      // Reads kept since the writes began may show what is no longer there.
      this.cache.clear();
      this.rollback(depth, savepoint);
      throw error;
    }
    this.depth = depth;
    if (depth > 0) {
      this.call([{ text: `RELEASE SAVEPOINT ${savepoint}` }]);
      return result;
    }
    if (this.pendingBegin) {
      // Nothing was sent: nothing to commit.
      this.pendingBegin = false;
      return result;
    }
    try {
      if (!this.wrote) {
        this.call([{ text: "COMMIT" }], { ends: true });
        return result;
      }
      const committed = String(this.call([SQL.bump, { text: "COMMIT" }], { ends: true })[0]![0]!.v);
      // Only this commit since the last check: the caches (dropped per written collection) are
      // current. Otherwise another replica committed too, and the next check drops them all.
      if (BigInt(committed) === BigInt(this.version || "0") + 1n) this.version = committed;
      return result;
    } catch (error) {
      this.cache.clear();
      throw error;
    }
  }

  clear(): void {
    this.cache.clear();
    this.write(undefined, () => this.call([{ text: "DELETE FROM azmi_idx" }, { text: "DELETE FROM azmi_docs" }]));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.port.close();
    this.worker.postMessage({ op: "close" });
    // The worker ends its connection, then is stopped (unref'd: it never holds the process open).
    this.worker.once("message", () => void this.worker.terminate());
  }

  /** A write: in its own transaction unless one is open; drops the kept reads of the collection. */
  private write<R>(collection: string | undefined, fn: () => R): R {
    if (collection === undefined) this.cache.clear();
    else this.cache.delete(collection);
    return this.transaction(() => {
      this.wrote = true;
      return fn();
    });
  }

  private rollback(depth: number, savepoint: string): void {
    try {
      if (depth > 0) this.call([{ text: `ROLLBACK TO SAVEPOINT ${savepoint}` }, { text: `RELEASE SAVEPOINT ${savepoint}` }]);
      else if (this.pendingBegin) this.pendingBegin = false;
      else this.call([{ text: "ROLLBACK" }], { ends: true });
    } catch {
      // The database is gone: it rolled the transaction back itself. The original error is what the caller needs.
    }
  }
}

/** An upper bound for every string with this prefix: U+10FFFF (F4 8F BF BF) sorts after every other code point as bytes. */
function prefixEnd(prefix: string): string {
  return prefix + "\u{10FFFF}";
}

/** The connection string without its password, for messages. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}
