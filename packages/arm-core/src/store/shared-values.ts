/**
 * One copy of what many stored documents repeat. The memory store keeps every document as parsed
 * JSON, and each parse makes new strings and containers: an identity's resource id sits in the
 * resource, its binding and its service principal, and the tenant id, type names, timestamps and
 * empty `[]` of a Graph object in every one of them. Handing back a copy already kept makes them
 * one, which is most of what a stored document weighs. Documents are frozen, so sharing is safe.
 */

/**
 * A bounded map of recent values: two generations, the older dropped when the newer fills up.
 * What documents repeat is written close together (a request's resource, binding and principal)
 * or often (tenant ids, type names), so it stays in; what only one document holds ages out, and a
 * deleted document's values are not kept alive for long.
 */
class RecentValues<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly generationSize: number) {}

  /** The value kept under `key`, or `value`, now kept. */
  keep(key: string, value: V): V {
    const kept = this.current.get(key);
    if (kept !== undefined) return kept;
    const older = this.previous.get(key);
    const chosen = older ?? value;
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, chosen);
    return chosen;
  }
}

/**
 * A container of primitives only, of at most this many entries and this much JSON, is shared whole
 * (`[]`, all-null objects, tags); a larger one is rarely repeated and would cost a long key.
 */
const SHARED_CONTAINER_ENTRIES = 8;
const SHARED_CONTAINER_TEXT = 128;

const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

export class SharedValues {
  private readonly strings = new RecentValues<string>(1 << 10);
  private readonly containers = new RecentValues<object>(1 << 8);

  /** The kept copy of a string. */
  string(value: string): string {
    return this.strings.keep(value, value);
  }

  /**
   * Freezes a freshly parsed JSON document (its containers are its own) and returns it with its
   * strings, and its small containers of primitives, replaced by copies already kept.
   */
  document<T>(value: T): T {
    return this.share(value) as T;
  }

  private share(value: unknown): unknown {
    if (typeof value === "string") return this.string(value);
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      if (value.length === 0) return EMPTY_ARRAY;
      let leaf = true;
      for (let i = 0; i < value.length; i++) {
        const v = this.share(value[i]);
        value[i] = v;
        if (v !== null && typeof v === "object") leaf = false;
      }
      return leaf && value.length <= SHARED_CONTAINER_ENTRIES ? this.shareContainer(value) : Object.freeze(value);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let leaf = true;
    for (const k of keys) {
      const v = this.share(record[k]);
      record[k] = v;
      if (v !== null && typeof v === "object") leaf = false;
    }
    return leaf && keys.length <= SHARED_CONTAINER_ENTRIES ? this.shareContainer(record) : Object.freeze(record);
  }

  /** A small leaf container (children all primitives): one kept copy per JSON text. */
  private shareContainer(container: object): object {
    Object.freeze(container);
    const text = JSON.stringify(container);
    // Arrays and objects print differently, so one map holds both.
    return text.length <= SHARED_CONTAINER_TEXT ? this.containers.keep(text, container) : container;
  }
}
