/**
 * A bounded buffer of the newest items: pushing past the capacity drops the oldest, so memory
 * stays fixed however long azmi runs. Each item gets a sequence number that never repeats.
 */
export class RingBuffer<T> {
  private readonly slots: Array<T | undefined>;
  /** Sequence number of the next item pushed; item n sits in slot n % capacity. */
  private next = 1;
  /** The oldest sequence number a clear() left (items before it are gone even if their slots were not reused). */
  private oldestKept = 1;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Stores the item and returns its sequence number. */
  push(item: T): number {
    const seq = this.next++;
    this.slots[seq % this.capacity] = item;
    return seq;
  }

  /** The item with this sequence number, while it is still kept. */
  get(seq: number): T | undefined {
    if (!Number.isInteger(seq) || seq < this.oldestSeq() || seq >= this.next) return undefined;
    return this.slots[seq % this.capacity];
  }

  /** Newest first, with their sequence numbers. */
  newestFirst(): Array<{ seq: number; item: T }> {
    const out: Array<{ seq: number; item: T }> = [];
    for (let seq = this.next - 1; seq >= this.oldestSeq(); seq--) out.push({ seq, item: this.slots[seq % this.capacity]! });
    return out;
  }

  /** The sequence number the last push got (0 before any). */
  lastSeq(): number {
    return this.next - 1;
  }

  clear(): void {
    this.slots.fill(undefined);
    // Numbers keep counting: a bookmarked request must not name a different one after a clear.
    this.oldestKept = this.next;
  }

  private oldestSeq(): number {
    return Math.max(this.oldestKept, this.next - this.capacity);
  }
}
