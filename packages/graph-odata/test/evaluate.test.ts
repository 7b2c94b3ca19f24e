import { describe, expect, it } from "vitest";
import { GraphError } from "../src/errors.js";
import { compileFilter } from "../src/filter/compile.js";
import { parseFilter } from "../src/filter/parser.js";
import { idsOf, objects, schema, tenant } from "./fixtures.js";

function run(filter: string, withSchema = false) {
  const compiled = compileFilter(parseFilter(filter), { text: filter, schema: withSchema ? schema : undefined });
  return { ids: idsOf(objects.filter(compiled.predicate)).join(""), advanced: compiled.advancedOperators };
}

/** [filter, ids of the matches (last hex digit), advanced operators used]. */
const cases: Array<[string, string, string[]?]> = [
  ["servicePrincipalNames/any(c:c eq 'aaaaaaaa-0000-0000-0000-000000000001')", "a"],
  ["servicePrincipalNames/any(c:c eq 'AAAAAAAA-0000-0000-0000-000000000001')", "a"],
  ["servicePrincipalNames/any(c:c eq 'api://CONTOSO')", "b"],
  ["servicePrincipalNames/any(c:c eq 'nope')", ""],
  ["startswith(displayName,'mi')", "ac"],
  ["startswith(displayName,'MI-W')", "ac"],
  ["startswith(displayName,'')", "abcd"],
  ["endswith(displayName,'APP')", "b", ["endsWith"]],
  ["contains(displayName,'world')", "d"],
  ["displayName eq 'contoso app'", "b"],
  ["displayName eq 'Contoso'", ""],
  ["displayName ne 'contoso app'", "acd", ["ne"]],
  ["appId eq 'BBBBBBBB-0000-0000-0000-000000000002'", "b"],
  ["id in ('00000000-0000-0000-0000-00000000000A', '00000000-0000-0000-0000-00000000000d', 'x')", "ad"],
  ["servicePrincipalType eq 'ManagedIdentity'", "ac"],
  ["servicePrincipalType eq 'ManagedIdentity' and accountEnabled eq true", "ac"],
  ["servicePrincipalType eq 'Application' or startswith(displayName,'mi-wo')", "bcd"],
  ["accountEnabled eq false", "b"],
  ["accountEnabled", "acd"],
  ["not accountEnabled", "b", ["not"]],
  ["not(servicePrincipalType eq 'Application')", "ac", ["not"]],
  ["not (servicePrincipalType eq 'Application' or accountEnabled eq false)", "ac", ["not"]],
  ["description eq null", "acd"],
  ["description ne null", "b", ["ne"]],
  ["description eq 'o''brien''s app'", "b"],
  ["appOwnerOrganizationId eq 72F988BF-86F1-41AF-91AB-2D7CD011DB47", "bd"],
  [`appOwnerOrganizationId eq '${tenant}'`, "bd"],
  ["info/logoUrl eq null", "acd"],
  ["info/logoUrl eq 'https://contoso/logo.png'", "b"],
  ["keyCount gt 1", "ac"],
  ["keyCount ge 1", "acd"],
  ["keyCount lt 1", "b"],
  ["keyCount le 1", "bd"],
  ["keyCount eq 2", "a"],
  ["keyCount gt null", ""],
  ["displayName gt 'm'", "ac"],
  ["displayName le 'contoso app'", "b"],
  ["createdDateTime ge 2024-01-01", "ac"],
  ["createdDateTime lt 2023-06-01T00:00:01Z", "bd"],
  ["createdDateTime eq 2023-06-01T02:00:00+02:00", "b"],
  ["tags/any(t:t eq 'hideapp')", "bc"],
  ["tags/any()", "bc"],
  ["tags/all(t:t eq 'HideApp')", "acd"],
  ["not tags/any()", "ad", ["not"]],
  ["alternativeNames/any(x:startswith(x,'/subscriptions/s/resourcegroups/rg/providers/microsoft.web'))", "c"],
  ["servicePrincipalNames/any(c:c in ('api://contoso', 'cccccccc-0000-0000-0000-000000000003'))", "bc"],
  ["tags/$count eq 0", "ad"],
  ["tolower(displayName) eq 'CONTOSO APP'", "b"],
  ["(displayName eq 'mi-web' or displayName eq 'MI-worker') and keyCount gt 2", "c"],
  ["missing eq null", "abcd"],
  ["missing eq 'x'", ""],
  ["DISPLAYNAME eq 'mi-web'", "a"],
  ["constructor eq null", "abcd"],
  ["__proto__ eq null", "abcd"],
  ["proxyAddresses/any(p:endsWith(p,'x'))", "", ["endsWith"]],
];

describe("compiled filters", () => {
  it.each(cases)("%s", (filter, expected, advanced = []) => {
    const result = run(filter);
    expect(result.ids).toBe(expected);
    expect(result.advanced).toEqual(advanced);
  });
});

describe("case-insensitive matching beyond ASCII", () => {
  // Lower-casing may turn a non-ASCII character into an ASCII one (the Kelvin sign K into k) or
  // change a string's length (İ into i̇): matching must lower-case exactly as before, scan or not.
  const named = ["KEY-one", "\u212Aey-two", "\u0130d-three", "İD-four", "Ab"].map((displayName, i) => ({ id: String(i), displayName }));
  const matches = (filter: string) => {
    const { predicate } = compileFilter(parseFilter(filter), { text: filter });
    return named
      .filter(predicate)
      .map((o) => o.id)
      .join("");
  };

  it.each([
    ["startswith(displayName,'key')", "01"],
    ["startswith(displayName,'KEY-T')", "1"],
    ["displayName eq 'key-two'", "1"],
    ["displayName eq 'KEY-ONE'", "0"],
    ["startswith(displayName,'i')", "23"],
    ["startswith(displayName,'id')", ""],
    ["displayName eq 'ab'", "4"],
    ["displayName eq 'a'", ""],
    ["startswith(displayName,'abc')", ""],
  ])("%s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

describe("filters checked against a schema", () => {
  const accepted: Array<[string, string]> = [
    ["servicePrincipalNames/any(c:c eq 'api://contoso')", "b"],
    ["startswith(DisplayName,'mi')", "ac"],
    ["appOwnerOrganizationId eq 72f988bf-86f1-41af-91ab-2d7cd011db47", "bd"],
    ["not(servicePrincipalNames/any(c:c eq 'api://contoso'))", "acd"],
    ["id in ('00000000-0000-0000-0000-00000000000b')", "b"],
    ["displayName eq null", ""],
  ];
  it.each(accepted)("accepts %s", (filter, expected) => {
    expect(run(filter, true).ids).toBe(expected);
  });

  /** [filter, status, code, message fragment]. */
  const refused: Array<[string, number, string, string]> = [
    ["nope eq 'x'", 400, "Request_BadRequest", "Could not find a property named 'nope' on type 'microsoft.graph.servicePrincipal'."],
    [
      "homepage eq 'x'",
      400,
      "Request_UnsupportedQuery",
      "Unsupported or invalid query filter clause specified for property 'homepage' of resource 'ServicePrincipal'.",
    ],
    ["startswith(id,'0')", 400, "Request_UnsupportedQuery", "property 'id' of resource 'ServicePrincipal'"],
    ["keyCount ne 3", 400, "Request_UnsupportedQuery", "property 'keyCount'"],
    ["not(keyCount eq 3)", 400, "Request_UnsupportedQuery", "property 'keyCount'"],
    ["contains(displayName,'x')", 400, "Request_UnsupportedQuery", "property 'displayName'"],
    [`appOwnerOrganizationId eq '${tenant}'`, 400, "Request_BadRequest", "Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'"],
    ["accountEnabled eq 'true'", 400, "Request_BadRequest", "Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'"],
    ["servicePrincipalNames eq 'x'", 400, "Request_BadRequest", "Found operand types 'Collection(Edm.String)' and 'Edm.String'"],
    ["displayName", 400, "Request_BadRequest", "The $filter expression must evaluate to a single boolean value."],
    ["not displayName eq 'x'", 400, "Request_BadRequest", "The operand of 'not' at position 0 must be a boolean value"],
    ["startswith(accountEnabled,'t')", 400, "Request_BadRequest", "No function signature for the function with name 'startswith'"],
    ["displayName/any(c:c eq 'x')", 400, "Request_BadRequest", "can only be applied to a collection"],
    ["accountEnabled in ('true')", 400, "Request_BadRequest", "for operator kind 'In'"],
  ];
  it.each(refused)("refuses %s", (filter, status, code, message) => {
    let caught: unknown;
    try {
      run(filter, true);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GraphError);
    const err = caught as GraphError;
    expect([err.status, err.code]).toEqual([status, code]);
    expect(err.message).toContain(message);
  });

  it("refuses more than 15 OR-ed clauses, as Graph does", () => {
    const filter = Array.from({ length: 16 }, (_, i) => `displayName eq 'n${i}'`).join(" or ");
    expect(() => run(filter)).toThrow("Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
    expect(run(Array.from({ length: 15 }, (_, i) => `displayName eq 'n${i}'`).join(" or ")).ids).toBe("");
  });
});
