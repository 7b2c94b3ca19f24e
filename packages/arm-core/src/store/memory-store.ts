import { DocumentEntry as Entry } from "./document-entry.js";
import { KeyList, KeyOrder, OrderedKeys } from "./ordered-keys.js";
import { SharedValues } from "./shared-values.js";
import { indexEntries, UniqueIndexConflict, type IndexValues, type ListOptions, type PutOptions, type Store, type StoredItem } from "./store.js";

/**
 * The documents holding one index value, several in key order. Most values are held by one
 * document only (ids, names), and then the map holds that key itself: no set for each of them.
 */
type Holders = string | SharedValue;

/**
 * An index value held by several documents, with the one copy of the value they all point to.
 * The collection adds a key only when its entry gains the value and deletes it only when the
 * entry loses it, as KeyList asks.
 */
class SharedValue extends KeyList {
  constructor(readonly value: string) {
    super();
  }
}

function keysOf(holders: Holders): readonly string[] {
  return typeof holders === "string" ? [holders] : holders.ordered();
}

const KEPT_ANSWER_SIZE = 256;

class Collection {
  readonly docs = new Map<string, Entry>();
  /** Every key, in order for list(): the documents' map is the set of keys. */
  readonly order = new KeyOrder(this.docs);
  /** index name → value → the keys holding it, for findByIndex(). */
  readonly indexes = new Map<string, Map<string, Holders>>();
  /**
   * index name → its values in order, for findByIndexPrefix(); made on the first prefix read of
   * that index, so the indexes only ever read by exact value pay nothing for it.
   */
  private readonly valueOrders = new Map<string, OrderedKeys>();

  orderedValues(name: string): readonly string[] {
    let order = this.valueOrders.get(name);
    if (order === undefined) {
      order = new OrderedKeys();
      for (const value of this.indexes.get(name)?.keys() ?? []) order.add(value);
      this.valueOrders.set(name, order);
    }
    return order.ordered();
  }
  /**
   * Every document in key order, as list() with no options answers it, kept until the next
   * change: whole-collection reads (Graph's $filter scans) repeat far more often than writes.
   */
  private everything: ReadonlyArray<StoredItem<unknown>> | undefined;

  /**
   * Large findByIndex() answers (a kind's whole listing), by index name and value, kept until the
   * next change as `everything` is. Small ones are cheap to rebuild and would only fill the map.
   */
  private readonly found = new Map<string, ReadonlyArray<StoredItem<unknown>>>();

  all(): ReadonlyArray<StoredItem<unknown>> {
    this.everything ??= this.order.ordered().map((key) => ({ key, value: this.docs.get(key)!.value }));
    return this.everything;
  }

  /** The keys holding `value` in index `name`, in order. */
  holders(name: string, value: string): readonly string[] {
    const holders = this.indexes.get(name)?.get(value);
    return holders === undefined ? [] : keysOf(holders);
  }

  byIndex(name: string, value: string): ReadonlyArray<StoredItem<unknown>> {
    const holders = this.indexes.get(name)?.get(value);
    if (holders === undefined) return [];
    const read = () => keysOf(holders).map((key) => ({ key, value: this.docs.get(key)!.value }));
    if (typeof holders === "string" || holders.size < KEPT_ANSWER_SIZE) return read();
    const cacheKey = `${name}\u0000${value}`;
    let items = this.found.get(cacheKey);
    if (items === undefined) this.found.set(cacheKey, (items = read()));
    return items;
  }

  /**
   * Stores `entry` under `key`, or removes the key. The index changes only where the old and new
   * entries differ: a key joins a value's holders only when its entry gains the value and leaves
   * only when it loses it, which is what lets SharedValue keep its holders without a set.
   */
  set(key: string, entry: Entry | undefined): void {
    this.everything = undefined;
    if (this.found.size > 0) this.found.clear();
    const old = this.docs.get(key);
    if (entry === undefined) {
      if (old === undefined) return;
      this.docs.delete(key);
      this.order.removed(key);
      this.unindex(key, old);
      return;
    }
    this.docs.set(key, entry);
    if (old === undefined) this.order.added(key);
    else this.unindex(key, old, entry);
    const names = entry.names;
    for (let i = 0; i < names.length; i++) {
      const value = entry.valueAt(i);
      entry.setValue(i, old?.valueIn(names[i]!, value) ?? this.indexOne(key, names[i]!, value));
    }
  }

  /** Adds `key` as a holder of `value` in index `name`; returns the one copy of the value to keep. */
  private indexOne(key: string, name: string, value: string): string {
    let byValue = this.indexes.get(name);
    if (byValue === undefined) this.indexes.set(name, (byValue = new Map()));
    const holders = byValue.get(value);
    if (holders === undefined) {
      byValue.set(value, key);
      this.valueOrders.get(name)?.add(value);
      return value;
    }
    if (typeof holders !== "string") {
      holders.add(key);
      return holders.value;
    }
    if (holders === key) return value;
    // A second holder: the first one's entry holds the copy of the value the map was given.
    const shared = new SharedValue(this.docs.get(holders)!.valueIn(name, value) ?? value);
    shared.add(holders);
    shared.add(key);
    byValue.set(shared.value, shared);
    return shared.value;
  }

  /** Takes `key` out of the index for the values of `entry` that `kept` (its replacement) does not hold. */
  private unindex(key: string, entry: Entry, kept?: Entry): void {
    const names = entry.names;
    for (let i = 0; i < names.length; i++) {
      const value = entry.valueAt(i);
      if (kept?.valueIn(names[i]!, value) === undefined) this.unindexOne(key, names[i]!, value);
    }
  }

  private unindexOne(key: string, name: string, value: string): void {
    const byValue = this.indexes.get(name);
    const holders = byValue?.get(value);
    if (holders === undefined) return;
    if (typeof holders === "string") {
      if (holders !== key) return;
      byValue!.delete(value);
      this.valueOrders.get(name)?.delete(value);
      return;
    }
    holders.delete(key);
    if (holders.size === 0) {
      byValue!.delete(value);
      this.valueOrders.get(name)?.delete(value);
    } else if (holders.size === 1) byValue!.set(holders.value, holders.ordered()[0]!);
  }
}

type Undo = () => void;

/** In-memory store: the same contract as the SQLite one, gone when the process ends. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private collections = new Map<string, Collection>();
  private undoLog: Undo[] | undefined;
  private readonly shared = new SharedValues();

  private col(name: string): Collection {
    let c = this.collections.get(name);
    if (c === undefined) this.collections.set(name, (c = new Collection()));
    return c;
  }

  get<T>(collection: string, key: string): T | undefined {
    return this.collections.get(collection)?.docs.get(key)?.value as T | undefined;
  }

  put<T>(collection: string, given: string, value: T, index?: IndexValues, options?: PutOptions): void {
    const c = this.col(collection);
    const key = this.shared.string(given);
    const entries = indexEntries(index);
    if (options?.unique !== undefined) {
      for (const [name, v] of entries) {
        if (!options.unique.includes(name)) continue;
        const heldBy = c.holders(name, v).find((k) => k !== key);
        if (heldBy !== undefined) throw new UniqueIndexConflict(collection, name, v, heldBy);
      }
    }
    this.remember(c, key);
    // A JSON round trip, not structuredClone: the SQLite store keeps JSON, and both must hand back
    // the same document (no `undefined` fields, no Dates or Maps surviving in one store only).
    c.set(key, this.entry(JSON.parse(JSON.stringify(value)) as unknown, entries));
  }

  /** A document's entry: its shared copy, then its index entries, each pair once. */
  private entry(value: unknown, pairs: ReadonlyArray<readonly [string, string]>): Entry {
    const names: string[] = [];
    const values: string[] = [];
    for (const [name, v] of pairs) {
      let seen = false;
      for (let i = 0; i < names.length && !seen; i++) seen = names[i] === name && values[i] === v;
      if (seen) continue;
      names.push(name);
      values.push(this.shared.string(v));
    }
    return new Entry(this.shared.document(value), this.shared.document(names), values);
  }

  insert<T>(collection: string, key: string, value: T, index?: IndexValues): boolean {
    if (this.collections.get(collection)?.docs.has(key) === true) return false;
    this.put(collection, key, value, index);
    return true;
  }

  delete(collection: string, key: string): boolean {
    const c = this.collections.get(collection);
    if (c === undefined || !c.docs.has(key)) return false;
    this.remember(c, key);
    c.set(key, undefined);
    return true;
  }

  list<T>(collection: string, options: ListOptions = {}): StoredItem<T>[] {
    const c = this.collections.get(collection);
    if (c === undefined) return [];
    // A copy of the kept listing: callers may sort or splice what they get.
    if (options.prefix === undefined && options.after === undefined && options.limit === undefined) return c.all().slice() as StoredItem<T>[];
    const keys = c.order.ordered();
    const start = options.after !== undefined ? upperBound(keys, options.after) : options.prefix !== undefined ? lowerBound(keys, options.prefix) : 0;
    const out: StoredItem<T>[] = [];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    for (let i = start; i < keys.length && out.length < limit; i++) {
      const key = keys[i]!;
      if (options.prefix !== undefined && !key.startsWith(options.prefix)) {
        if (key > options.prefix) break;
        continue;
      }
      out.push({ key, value: c.docs.get(key)!.value as T });
    }
    return out;
  }

  count(collection: string, options: { prefix?: string } = {}): number {
    const c = this.collections.get(collection);
    if (c === undefined) return 0;
    if (options.prefix === undefined) return c.docs.size;
    return this.list(collection, { prefix: options.prefix }).length;
  }

  findByIndex<T>(collection: string, name: string, value: string): StoredItem<T>[] {
    const c = this.collections.get(collection);
    if (c === undefined) return [];
    const items = c.byIndex(name, value);
    // A kept answer is copied: callers may sort or splice what they get.
    return (items.length >= KEPT_ANSWER_SIZE ? items.slice() : items) as StoredItem<T>[];
  }

  findByIndexPrefix<T>(collection: string, name: string, prefix: string): StoredItem<T>[] {
    const c = this.collections.get(collection);
    const byValue = c?.indexes.get(name);
    if (c === undefined || byValue === undefined) return [];
    const values = c.orderedValues(name);
    const found = new Set<string>();
    let sorted = true;
    let last: string | undefined;
    for (let i = lowerBound(values, prefix); i < values.length && values[i]!.startsWith(prefix); i++) {
      for (const key of keysOf(byValue.get(values[i]!)!)) {
        if (found.has(key)) continue;
        if (last !== undefined && key < last) sorted = false;
        found.add(key);
        last = key;
      }
    }
    const keys = sorted ? [...found] : [...found].sort();
    return keys.map((key) => ({ key, value: c.docs.get(key)!.value as T }));
  }

  transaction<R>(fn: () => R): R {
    // A nested transaction is a savepoint: if it throws, only its own writes are undone, and the
    // enclosing transaction (which may catch the error) goes on, as with SQLite's SAVEPOINT.
    const outer = this.undoLog;
    const log: Undo[] = outer ?? [];
    const mark = log.length;
    this.undoLog = log;
    try {
      const result = fn();
      if (result instanceof Promise) throw new TypeError("Store transactions are synchronous: do not pass an async function");
      return result;
    } catch (err) {
      for (let i = log.length - 1; i >= mark; i--) log[i]!();
      log.length = mark;
      throw err;
    } finally {
      this.undoLog = outer;
    }
  }

  clear(): void {
    const old = this.collections;
    this.undoLog?.push(() => {
      this.collections = old;
    });
    this.collections = new Map();
  }

  close(): void {}

  private remember(c: Collection, key: string): void {
    if (this.undoLog === undefined) return;
    const old = c.docs.get(key);
    this.undoLog.push(() => c.set(key, old));
  }
}

function lowerBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
