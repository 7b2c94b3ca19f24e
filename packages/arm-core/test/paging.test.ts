import { describe, expect, it } from "vitest";
import { ArmError, pageOf, parseTop } from "../src/index.js";

const items = ["c", "a", "e", "b", "d"];

describe("paging", () => {
  it("serves pages in key order and chains skip tokens to the end", () => {
    const first = pageOf(items, (x) => x, { top: "2" });
    expect(first.items).toEqual(["a", "b"]);
    const second = pageOf(items, (x) => x, { top: "2", skipToken: first.nextSkipToken });
    expect(second.items).toEqual(["c", "d"]);
    const last = pageOf(items, (x) => x, { top: "2", skipToken: second.nextSkipToken });
    expect(last.items).toEqual(["e"]);
    expect(last.nextSkipToken).toBeUndefined();
  });

  it("has no next page when everything fits", () => {
    expect(pageOf(items, (x) => x, {}).nextSkipToken).toBeUndefined();
    expect(pageOf(items, (x) => x, { top: "5" }).nextSkipToken).toBeUndefined();
  });

  it("refuses a $top that is not a positive integer and a forged skip token", () => {
    for (const top of ["0", "-1", "abc", "1.5"]) {
      expect(() => parseTop(top)).toThrow(ArmError);
    }
    expect(() => pageOf(items, (x) => x, { skipToken: "!!" })).toThrow(/skiptoken/);
  });
});
