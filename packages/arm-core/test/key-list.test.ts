/**
 * KeyList keeps a shared index value's holders in an array, told membership by its caller: whatever
 * the interleaving of adds, deletes, re-adds and ordered reads, it must answer what a sorted set
 * answers.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "./support/seeded-random.js";
import { KeyList } from "../src/store/ordered-keys.js";

describe("KeyList", () => {
  it.each([1, 2, 3, 4, 5])("matches a sorted set (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const list = new KeyList();
    const model = new Set<string>();
    for (let step = 0; step < 5000; step++) {
      const key = `k${Math.floor(random() * 200)
        .toString()
        .padStart(3, "0")}`;
      const r = random();
      if (r < 0.5) {
        if (!model.has(key)) {
          list.add(key);
          model.add(key);
        }
      } else if (r < 0.85) {
        if (model.has(key)) {
          list.delete(key);
          model.delete(key);
        }
      } else {
        expect(list.ordered()).toEqual([...model].sort());
      }
      expect(list.size).toBe(model.size);
    }
    expect(list.ordered()).toEqual([...model].sort());
  });
});
