/**
 * The memory store holds an index value held by one document as that document's key, and a value
 * several hold as one shared set with one copy of the value (memory per document stays small).
 * Whatever the interleaving of puts, re-puts, deletes and rollbacks moving values between one and
 * several holders, findByIndex, findByIndexPrefix and unique puts must answer what a naive model
 * answers.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "./support/seeded-random.js";
import { MemoryStore, isUniqueIndexConflict } from "../src/index.js";

describe("memory store indexes under interleaved writes", () => {
  it.each([1, 2, 3, 4, 5])("match a naive model (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const store = new MemoryStore();
    const model = new Map<string, { tag: string; names: string[] }>();
    const key = () => `k${pick(40).toString().padStart(2, "0")}`;
    // A small pool: values move between one holder and several all the time.
    const doc = () => ({ tag: `t${pick(4)}`, names: [`n${pick(30)}`, `n${pick(30)}`] });
    const put = (k: string, d: { tag: string; names: string[] }) => store.put("c", k, d, { tag: d.tag, name: d.names });
    for (let step = 0; step < 2000; step++) {
      const r = random();
      if (r < 0.5) {
        const k = key();
        const d = doc();
        put(k, d);
        model.set(k, d);
      } else if (r < 0.7) {
        const k = key();
        expect(store.delete("c", k)).toBe(model.has(k));
        model.delete(k);
      } else if (r < 0.8) {
        // A rolled-back transaction leaves every index as it was.
        expect(() =>
          store.transaction(() => {
            put(key(), doc());
            store.delete("c", key());
            throw new Error("undo");
          }),
        ).toThrow("undo");
      } else {
        // A unique put succeeds exactly when no other document holds the name.
        const k = key();
        const d = { tag: "u", names: [`n${pick(30)}`] };
        const heldByOther = [...model].some(([other, o]) => other !== k && o.names.includes(d.names[0]!));
        try {
          store.put("c", k, d, { tag: d.tag, name: d.names }, { unique: ["name"] });
          expect(heldByOther).toBe(false);
          model.set(k, d);
        } catch (error) {
          expect(isUniqueIndexConflict(error)).toBe(true);
          expect(heldByOther).toBe(true);
        }
      }
      if (step % 50 === 0 || step === 1999) {
        for (let n = 0; n < 30; n++) {
          const wanted = [...model].filter(([, d]) => d.names.includes(`n${n}`)).map(([k]) => k);
          expect(store.findByIndex("c", "name", `n${n}`).map((i) => i.key)).toEqual(wanted.sort());
        }
        for (const tag of ["t0", "t1", "t2", "t3", "u"]) {
          const wanted = [...model].filter(([, d]) => d.tag === tag).map(([k]) => k);
          expect(store.findByIndex("c", "tag", tag).map((i) => i.key)).toEqual(wanted.sort());
        }
        const prefixed = [...model].filter(([, d]) => d.names.some((n) => n.startsWith("n1"))).map(([k]) => k);
        expect(store.findByIndexPrefix("c", "name", "n1").map((i) => i.key)).toEqual(prefixed.sort());
      }
    }
  });
});
