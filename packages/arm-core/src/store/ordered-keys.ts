/**
 * A set of keys that hands them back in key order, without sorting them all again on every
 * read. Writes stay O(1) (a bulk load never pays for ordering): they note the keys added and
 * removed since the last ordered read, and the next read merges those in one linear pass. The
 * memory store keeps one per collection (list) and one per index value (findByIndex).
 */
export class OrderedKeys {
  private readonly members = new Set<string>();
  private sorted: string[] | undefined;
  /**
   * Keys added and removed since `sorted` was built; made on the first write after an ordered
   * read, so the many index values that are never read cost one Set, not three.
   */
  private pending: { readonly added: Set<string>; readonly removed: Set<string> } | undefined;

  get size(): number {
    return this.members.size;
  }

  add(key: string): void {
    if (this.members.has(key)) return;
    this.members.add(key);
    if (this.sorted === undefined) return;
    const pending = (this.pending ??= { added: new Set(), removed: new Set() });
    // Removed since the sort, so still physically in `sorted`: forget the removal.
    if (!pending.removed.delete(key)) pending.added.add(key);
    if (pending.added.size > this.sorted.length) this.forgetOrder();
  }

  delete(key: string): void {
    if (!this.members.delete(key)) return;
    if (this.sorted === undefined) return;
    const pending = (this.pending ??= { added: new Set(), removed: new Set() });
    if (!pending.added.delete(key)) pending.removed.add(key);
  }

  /** The keys in order. The array is the set's own: read it, do not keep or change it. */
  ordered(): readonly string[] {
    const pending = this.pending;
    if (this.sorted === undefined || (pending !== undefined && pending.added.size + pending.removed.size > this.sorted.length / 2)) {
      this.sorted = [...this.members].sort();
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
