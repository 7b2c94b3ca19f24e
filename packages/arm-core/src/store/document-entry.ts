/**
 * What the memory store keeps per document: the document and its index entries, the names (one
 * frozen array shared by the documents indexed under the same names) and one value per name. A
 * value other documents hold too is the very string the index holds (one copy, not one per
 * document): a resource group's id is the `parent` of every resource in it.
 *
 * One object of one shape, the values in fields: an array would add its wrapper and its backing
 * store's header to every document (48 bytes, more than two index values), and one shape keeps the
 * store's reads of `value` monomorphic. Five fields hold what azmi's collections index (a resource
 * has five values, a service principal five with two names); beyond five, the last field holds
 * the rest in an array.
 */
const INLINE = 5;

export class DocumentEntry {
  private v0: string | undefined;
  private v1: string | undefined;
  private v2: string | undefined;
  private v3: string | undefined;
  /** The fifth value, or with more than five, the fifth and later ones. */
  private v4: string | string[] | undefined;

  constructor(
    readonly value: unknown,
    readonly names: readonly string[],
    values: readonly string[],
  ) {
    for (let i = 0; i < values.length && i < INLINE - 1; i++) this.setValue(i, values[i]!);
    if (values.length > INLINE) this.v4 = values.slice(INLINE - 1);
    else if (values.length === INLINE) this.v4 = values[INLINE - 1];
  }

  /** The value of the entry's `i`th index name. */
  valueAt(i: number): string {
    switch (i) {
      case 0:
        return this.v0!;
      case 1:
        return this.v1!;
      case 2:
        return this.v2!;
      case 3:
        return this.v3!;
      default:
        return typeof this.v4 === "string" ? this.v4 : this.v4![i - (INLINE - 1)]!;
    }
  }

  /** Replaces the `i`th value by an equal string (the index's one copy). */
  setValue(i: number, value: string): void {
    switch (i) {
      case 0:
        this.v0 = value;
        return;
      case 1:
        this.v1 = value;
        return;
      case 2:
        this.v2 = value;
        return;
      case 3:
        this.v3 = value;
        return;
      default:
        if (Array.isArray(this.v4)) this.v4[i - (INLINE - 1)] = value;
        else this.v4 = value;
    }
  }

  /** The entry's copy of value `value` of index `name`, if it holds it. */
  valueIn(name: string, value: string): string | undefined {
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] !== name) continue;
      const held = this.valueAt(i);
      if (held === value) return held;
    }
    return undefined;
  }
}
