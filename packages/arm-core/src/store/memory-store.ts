import { deepFreeze, indexEntries, type IndexValues, type ListOptions, type Store, type StoredItem } from "./store.js";

interface Entry {
  value: unknown;
  index: Array<[string, string]>;
}

class Collection {
  readonly docs = new Map<string, Entry>();
  /** index name → value → keys */
  readonly indexes = new Map<string, Map<string, Set<string>>>();
  private sorted: string[] | undefined;

  keys(): string[] {
    this.sorted ??= [...this.docs.keys()].sort();
    return this.sorted;
  }

  set(key: string, entry: Entry | undefined): void {
    const old = this.docs.get(key);
    if (old !== undefined) for (const [n, v] of old.index) this.indexes.get(n)?.get(v)?.delete(key);
    if (entry === undefined) {
      if (old !== undefined) {
        this.docs.delete(key);
        this.sorted = undefined;
      }
      return;
    }
    if (old === undefined) this.sorted = undefined;
    this.docs.set(key, entry);
    for (const [n, v] of entry.index) {
      let byValue = this.indexes.get(n);
      if (byValue === undefined) this.indexes.set(n, (byValue = new Map()));
      let keys = byValue.get(v);
      if (keys === undefined) byValue.set(v, (keys = new Set()));
      keys.add(key);
    }
  }
}

type Undo = () => void;

/** In-memory store: the same contract as the SQLite one, gone when the process ends. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private collections = new Map<string, Collection>();
  private undoLog: Undo[] | undefined;

  private col(name: string): Collection {
    let c = this.collections.get(name);
    if (c === undefined) this.collections.set(name, (c = new Collection()));
    return c;
  }

  get<T>(collection: string, key: string): T | undefined {
    return this.collections.get(collection)?.docs.get(key)?.value as T | undefined;
  }

  put<T>(collection: string, key: string, value: T, index?: IndexValues): void {
    const c = this.col(collection);
    this.remember(c, key);
    c.set(key, { value: deepFreeze(structuredClone(value)), index: indexEntries(index) });
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
    const keys = c.keys();
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
    const keys = c?.indexes.get(name)?.get(value);
    if (c === undefined || keys === undefined) return [];
    return [...keys].sort().map((key) => ({ key, value: c.docs.get(key)!.value as T }));
  }

  transaction<R>(fn: () => R): R {
    if (this.undoLog !== undefined) return fn();
    const log: Undo[] = [];
    this.undoLog = log;
    try {
      const result = fn();
      this.undoLog = undefined;
      return result;
    } catch (err) {
      this.undoLog = undefined;
      for (let i = log.length - 1; i >= 0; i--) log[i]!();
      throw err;
    }
  }

  clear(): void {
    this.collections = new Map();
  }

  close(): void {}

  private remember(c: Collection, key: string): void {
    if (this.undoLog === undefined) return;
    const old = c.docs.get(key);
    this.undoLog.push(() => c.set(key, old));
  }
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
