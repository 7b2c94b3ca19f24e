/** What a KeyOrder puts in order: a set of keys, or the keys of a map that already holds them. */
export interface KeyMembers {
  readonly size: number;
  keys(): IterableIterator<string>;
}

/**
 * Keys handed back in key order, without sorting them all again on every read. Writes stay O(1)
 * (a bulk load never pays for ordering): they note the keys added and removed since the last
 * ordered read, and the next read merges those in one linear pass. The members themselves live
 * elsewhere, so a collection orders its documents' map without a second set of the same keys.
 */
export class KeyOrder {
  private sorted: string[] | undefined;
  /**
   * Keys added and removed since `sorted` was built; made on the first write after an ordered
   * read, so the many index values that are never read cost one Set, not three.
   */
  private pending: { readonly added: Set<string>; readonly removed: Set<string> } | undefined;

  constructor(private readonly members: KeyMembers) {}

  get size(): number {
    return this.members.size;
  }

  /** Notes that `key`, not a member before, now is. */
  added(key: string): void {
    if (this.sorted === undefined) return;
    const pending = (this.pending ??= { added: new Set(), removed: new Set() });
    // Removed since the sort, so still physically in `sorted`: forget the removal.
    if (!pending.removed.delete(key)) pending.added.add(key);
    if (pending.added.size > this.sorted.length) this.forgetOrder();
  }

  /** Notes that `key`, a member before, no longer is. */
  removed(key: string): void {
    if (this.sorted === undefined) return;
    const pending = (this.pending ??= { added: new Set(), removed: new Set() });
    if (!pending.added.delete(key)) pending.removed.add(key);
  }

  /** The keys in order. The array is the order's own: read it, do not keep or change it. */
  ordered(): readonly string[] {
    const pending = this.pending;
    if (this.sorted === undefined || (pending !== undefined && pending.added.size + pending.removed.size > this.sorted.length / 2)) {
      this.sorted = [...this.members.keys()].sort();
    } else if (pending !== undefined) {
      const { added, removed } = pending;
      if (removed.size > 0) this.sorted = this.sorted.filter((k) => !removed.has(k));
      if (added.size > 0) this.sorted = mergeSorted(this.sorted, [...added].sort());
    }
    this.pending = undefined;
    return this.sorted;
  }

  private forgetOrder(): void {
    this.sorted = undefined;
    this.pending = undefined;
  }
}

/**
 * Keys in order, kept in one array rather than a set: a set costs three times an array slot per
 * key, and the memory store holds one of these per index value several documents share (a
 * resource type, a group), so every document is in several. The caller tells membership: it adds
 * only keys that are not members and deletes only keys that are. Added keys are appended and
 * deleted ones noted; an ordered read sorts what was appended and merges it in one linear pass.
 */
export class KeyList {
  /** Sorted up to `sortedLength`, then appended since; may still hold keys in `deleted`. */
  private keys: string[] = [];
  private sortedLength = 0;
  /** Deleted keys still in `keys`. */
  private deleted: Set<string> | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(key: string): void {
    this.count++;
    // Deleted since the last tidy, so still in `keys`: forget the deletion.
    if (this.deleted?.delete(key) !== true) this.keys.push(key);
  }

  delete(key: string): void {
    this.count--;
    (this.deleted ??= new Set()).add(key);
    // Writes that are never read would otherwise keep every deleted key.
    if (this.deleted.size > this.count) this.tidy();
  }

  /** The keys in order. The array is the list's own: read it, do not keep or change it. */
  ordered(): readonly string[] {
    if (this.sortedLength < this.keys.length || this.deleted !== undefined) this.tidy();
    return this.keys;
  }

  private tidy(): void {
    const deleted = this.deleted;
    const keep = (k: string) => deleted === undefined || !deleted.has(k);
    const sorted = this.keys.slice(0, this.sortedLength);
    const added = this.keys.slice(this.sortedLength).sort();
    this.keys = mergeSorted(deleted === undefined ? sorted : sorted.filter(keep), deleted === undefined ? added : added.filter(keep));
    this.sortedLength = this.keys.length;
    this.deleted = undefined;
  }
}

/** A set of keys of its own, in order: for members the caller does not track. */
export class OrderedKeys extends KeyOrder {
  constructor(private readonly own = new Set<string>()) {
    super(own);
  }

  add(key: string): void {
    if (this.own.has(key)) return;
    this.own.add(key);
    this.added(key);
  }

  delete(key: string): void {
    if (this.own.delete(key)) this.removed(key);
  }
}

/** Merges two sorted arrays of distinct keys. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
