import { describe, expect, it } from "vitest";
import { parseFilter } from "../src/index.js";
import { errorOf } from "./fixture.js";

describe("$filter parsing", () => {
  it.each([
    ["", []],
    ["atScope()", [{ kind: "atScope" }]],
    ["ATSCOPE( )", [{ kind: "atScope" }]],
    ["principalId eq 'abc'", [{ kind: "eq", field: "principalid", value: "abc" }]],
    ["roleName eq 'Backup and Restore Operator'", [{ kind: "eq", field: "rolename", value: "Backup and Restore Operator" }]],
    ["roleName eq 'O''Brien'", [{ kind: "eq", field: "rolename", value: "O'Brien" }]],
    ["atScope() and assignedTo('x-y')", [{ kind: "atScope" }, { kind: "assignedTo", value: "x-y" }]],
    ["  type   EQ 'CustomRole'  ", [{ kind: "eq", field: "type", value: "CustomRole" }]],
  ])("%s", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });

  it.each(["atScope(", "principalId eq abc", "principalId ne 'x'", "roleName eq 'x' or type eq 'y'", "foo()", "roleName eq 'unterminated"])(
    "refuses %s with InvalidFilterInQueryString",
    (filter) => {
      expect(errorOf(() => parseFilter(filter))).toEqual({
        status: 400,
        code: "InvalidFilterInQueryString",
        message: `Invalid $filter '${filter}' specified in the query string.`,
      });
    },
  );
});
