import { describe, expect, it } from "vitest";
import { LexError, tokenize } from "../src/filter/lexer.js";

const cases: Array<[string, string]> = [
  ["displayName eq 'x'", "identifier:displayName identifier:eq string:x"],
  ["a eq 'it''s'", "identifier:a identifier:eq string:it's"],
  ["a eq ''", "identifier:a identifier:eq string:"],
  [
    "servicePrincipalNames/any(c:c eq 'x')",
    "identifier:servicePrincipalNames slash identifier:any openParen identifier:c colon identifier:c identifier:eq string:x closeParen",
  ],
  ["id eq 6b9e2d3a-1c1f-4a0e-9a51-0d7a3f3b9c11", "identifier:id identifier:eq guid:6b9e2d3a-1c1f-4a0e-9a51-0d7a3f3b9c11"],
  ["id eq ABCDEF01-1C1F-4A0E-9A51-0D7A3F3B9C11", "identifier:id identifier:eq guid:ABCDEF01-1C1F-4A0E-9A51-0D7A3F3B9C11"],
  ["n gt 42", "identifier:n identifier:gt number:42"],
  ["n lt -3.5", "identifier:n identifier:lt number:-3.5"],
  ["n le 1e3", "identifier:n identifier:le number:1e3"],
  ["n eq 10L", "identifier:n identifier:eq number:10"],
  ["d ge 2021-11-01", "identifier:d identifier:ge datetime:2021-11-01"],
  ["d ge 2021-11-01T08:30:00Z", "identifier:d identifier:ge datetime:2021-11-01T08:30:00Z"],
  ["d ge 2021-11-01T08:30:00.123+02:00", "identifier:d identifier:ge datetime:2021-11-01T08:30:00.123+02:00"],
  ["assignedLicenses/$count eq 0", "identifier:assignedLicenses slash identifier:$count identifier:eq number:0"],
  ["  (a,b)  ", "openParen identifier:a comma identifier:b closeParen"],
  ["x eq 'résumé ü'", "identifier:x identifier:eq string:résumé ü"],
];

describe("tokenize", () => {
  it.each(cases)("%s", (input, expected) => {
    const tokens = tokenize(input);
    expect(tokens.at(-1)!.kind).toBe("end");
    const shown = tokens
      .slice(0, -1)
      .map((t) => (["identifier", "string", "number", "guid", "datetime"].includes(t.kind) ? `${t.kind}:${t.text}` : t.kind))
      .join(" ");
    expect(shown).toBe(expected);
  });

  it("records each token's offset", () => {
    expect(tokenize("ab eq 'c'").map((t) => t.position)).toEqual([0, 3, 6, 9]);
  });

  const errors: Array<[string, string]> = [
    ["a eq 'x", "There is an unterminated literal at position 5 in 'a eq 'x'."],
    ['a eq "x"', `Syntax error: character '"' is not valid at position 5 in 'a eq "x"'.`],
    ["a eq #", "Syntax error: character '#' is not valid at position 5 in 'a eq #'."],
    ["a eq 'x''", "There is an unterminated literal at position 5 in 'a eq 'x'''."],
  ];
  it.each(errors)("refuses %s", (input, message) => {
    expect(() => tokenize(input)).toThrow(LexError);
    expect(() => tokenize(input)).toThrow(message);
  });
});
