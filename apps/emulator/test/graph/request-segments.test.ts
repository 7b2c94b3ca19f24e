import { describe, expect, it } from "vitest";
import { parseSegments } from "../../src/graph/request.js";

const cases: Array<[string, string]> = [
  ["servicePrincipals", "servicePrincipals"],
  ["servicePrincipals/abc", "servicePrincipals abc"],
  ["servicePrincipals(appId='a-b')", "servicePrincipals {appId=a-b}"],
  ["servicePrincipals(appId = 'a-b')/owners", "servicePrincipals {appId=a-b} owners"],
  ["applications('x')", "applications {id=x}"],
  ["users('o''brien@x')", "users {id=o'brien@x}"],
  ["users/alice%40contoso.com", "users alice@contoso.com"],
  ["applications/1/microsoft.graph.addPassword", "applications 1 microsoft.graph.addPassword"],
  ["servicePrincipals/$count", "servicePrincipals $count"],
  ["a//b/", "a b"],
];

describe("parseSegments", () => {
  it.each(cases)("%s", (path, expected) => {
    const shown = parseSegments(path)
      .map((s) => (s.kind === "name" ? s.name : `{${s.key.property}=${s.key.value}}`))
      .join(" ");
    expect(shown).toBe(expected);
  });
});
