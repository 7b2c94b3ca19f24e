/** A memory-store entry holds any number of index values, five in fields and the rest beside them. */
import { describe, expect, it } from "vitest";
import { DocumentEntry } from "../src/store/document-entry.js";

describe("DocumentEntry", () => {
  it.each([0, 1, 4, 5, 6, 9])("hands back each of %i values by position and by name", (n) => {
    const names = Array.from({ length: n }, (_, i) => `name${i % 3}`);
    const values = Array.from({ length: n }, (_, i) => `value${i}`);
    const entry = new DocumentEntry({ doc: true }, names, values);
    expect(entry.value).toEqual({ doc: true });
    expect(Array.from({ length: n }, (_, i) => entry.valueAt(i))).toEqual(values);
    for (let i = 0; i < n; i++) expect(entry.valueIn(names[i]!, values[i]!)).toBe(values[i]);
    expect(entry.valueIn("name0", "absent")).toBeUndefined();
    // The index swaps in its own copy of an equal value.
    for (let i = 0; i < n; i++) entry.setValue(i, `value${i}`);
    expect(Array.from({ length: n }, (_, i) => entry.valueAt(i))).toEqual(values);
  });
});
