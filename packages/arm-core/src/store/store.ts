/**
 * The state store: collections of JSON documents under lower-case keys, with secondary
 * indexes and synchronous transactions. Synchronous on purpose: a request's whole change
 * (a resource, its service principal, the assignments that go with it) commits or rolls
 * back as one, before the answer is sent.
 */
export type IndexValues = Readonly<Record<string, string | readonly string[]>>;

export interface StoredItem<T> {
  readonly key: string;
  readonly value: T;
}

export interface ListOptions {
  /** Only keys starting with this prefix. */
  readonly prefix?: string;
  /** Only keys strictly greater than this one (for paging). */
  readonly after?: string;
  readonly limit?: number;
}

export interface PutOptions {
  /**
   * Index names whose values no other document of the collection may hold: a put that would
   * share one throws UniqueIndexConflict and writes nothing. The database enforces it, so two
   * processes on one database cannot both succeed.
   */
  readonly unique?: readonly string[];
}

export interface Store {
  readonly kind: "memory" | "sqlite" | "postgres";
  get<T>(collection: string, key: string): T | undefined;
  /** Inserts or replaces. `index` replaces the document's previous index entries. */
  put<T>(collection: string, key: string, value: T, index?: IndexValues, options?: PutOptions): void;
  /**
   * Stores the document only if the key is absent, and says whether it did: of several
   * processes inserting one key at once, exactly one wins (what is made once and shared,
   * such as signing keys and the CA, is stored this way).
   */
  insert<T>(collection: string, key: string, value: T, index?: IndexValues): boolean;
  delete(collection: string, key: string): boolean;
  /** Ordered by key. */
  list<T>(collection: string, options?: ListOptions): StoredItem<T>[];
  count(collection: string, options?: Pick<ListOptions, "prefix">): number;
  /** Documents whose index `name` holds `value` (exact, case-sensitive: store lower-case values). */
  findByIndex<T>(collection: string, name: string, value: string): StoredItem<T>[];
  /**
   * Documents with a value of index `name` that starts with `prefix` (exact, case-sensitive), each
   * once, in key order: an ordered index for `startswith` queries.
   */
  findByIndexPrefix<T>(collection: string, name: string, prefix: string): StoredItem<T>[];
  /** Runs `fn` atomically: every write in it lands, or none does if it throws. Nests. */
  transaction<R>(fn: () => R): R;
  /** Removes everything. */
  clear(): void;
  close(): void;
}

/** A put refused because another document holds a value of one of its unique indexes. */
export class UniqueIndexConflict extends Error {
  constructor(
    readonly collection: string,
    readonly index: string,
    readonly value: string,
    /** The document that holds the value. */
    readonly heldBy: string,
  ) {
    super(`${collection}: index ${index} value '${value}' is already held by '${heldBy}'`);
    this.name = "UniqueIndexConflict";
  }
}

export function isUniqueIndexConflict(error: unknown): error is UniqueIndexConflict {
  return error instanceof UniqueIndexConflict;
}

/**
 * The database behind the store cannot be reached (stopped, restarting, connection lost). Not the
 * client's fault and not a bug: the request may be retried, so it is answered 503 with Retry-After.
 */
export class StoreUnavailableError extends Error {
  readonly retryAfterSeconds = 5;
  constructor(message: string) {
    super(message);
    this.name = "StoreUnavailableError";
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}

/** Stored documents are shared and frozen: callers copy before they change one. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function indexEntries(index: IndexValues | undefined): Array<[string, string]> {
  if (index === undefined) return [];
  const out: Array<[string, string]> = [];
  for (const [name, v] of Object.entries(index)) {
    if (typeof v === "string") out.push([name, v]);
    else for (const one of v) out.push([name, one]);
  }
  return out;
}
