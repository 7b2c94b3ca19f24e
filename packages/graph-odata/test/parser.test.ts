import { describe, expect, it } from "vitest";
import { FilterSyntaxError, MAX_FILTER_DEPTH, parseFilter } from "../src/filter/parser.js";
import { formatAst } from "./format-ast.js";

const appId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

/** Every filter the az CLI sends (az-cli.md §6/§7.13, observed-az-2.45.md), then the rest of the grammar. */
const cases: Array<[string, string]> = [
  // az ad sp list --spn / az role assignment create --assignee / az ad sp show --id
  [`servicePrincipalNames/any(c:c eq '${appId}')`, `(any servicePrincipalNames c: (eq $c '${appId}'))`],
  // az ad sp list --display-name
  ["startswith(displayName,'mi')", "(startswith displayName 'mi')"],
  // az role assignment create --assignee user@x
  ["userPrincipalName eq 'user@contoso.com'", "(eq userPrincipalName 'user@contoso.com')"],
  // az ad sp list --filter (verbatim) and Terraform's appId lookup
  [`appId eq '${appId}'`, `(eq appId '${appId}')`],
  ["servicePrincipalType eq 'ManagedIdentity'", "(eq servicePrincipalType 'ManagedIdentity')"],
  // several az options joined with ' and '
  [
    `startswith(displayName,'mi') and servicePrincipalNames/any(c:c eq '${appId}')`,
    `(and (startswith displayName 'mi') (any servicePrincipalNames c: (eq $c '${appId}')))`,
  ],
  // precedence and grouping
  ["a eq 1 or b eq 2 and c eq 3", "(or (eq a number:1) (and (eq b number:2) (eq c number:3)))"],
  ["(a eq 1 or b eq 2) and c eq 3", "(and (or (eq a number:1) (eq b number:2)) (eq c number:3))"],
  ["a eq 1 and b eq 2 and c eq 3", "(and (and (eq a number:1) (eq b number:2)) (eq c number:3))"],
  ["not(displayName eq 'x')", "(not (eq displayName 'x'))"],
  ["NOT startsWith(displayName, 'Conf')", "(not (startswith displayName 'Conf'))"],
  ["not accountEnabled", "(not accountEnabled)"],
  ["companyName ne null and NOT(companyName eq 'Microsoft')", "(and (ne companyName null) (not (eq companyName 'Microsoft')))"],
  // operators and literals
  ["a ne 'x'", "(ne a 'x')"],
  ["a gt 1", "(gt a number:1)"],
  ["a ge 1.5", "(ge a number:1.5)"],
  ["a lt -2", "(lt a number:-2)"],
  ["a le 0", "(le a number:0)"],
  ["a EQ 'x'", "(eq a 'x')"],
  ["accountEnabled eq true", "(eq accountEnabled boolean:true)"],
  ["accountEnabled eq FALSE", "(eq accountEnabled boolean:false)"],
  ["description eq null", "(eq description null)"],
  [`appOwnerOrganizationId eq ${appId.toUpperCase()}`, `(eq appOwnerOrganizationId guid:${appId})`],
  ["createdDateTime ge 2021-11-01T00:00:00Z", "(ge createdDateTime datetime:2021-11-01T00:00:00Z)"],
  ["displayName eq 'O''Brien'", "(eq displayName 'O'Brien')"],
  ["id in ('a', 'b','c')", "(in id ['a' 'b' 'c'])"],
  ["endswith(mail,'@outlook.com')", "(endswith mail '@outlook.com')"],
  ["contains(displayName,'app')", "(contains displayName 'app')"],
  ["tolower(displayName) eq 'x'", "(eq (tolower displayName) 'x')"],
  // paths and lambdas
  ["info/logoUrl eq null", "(eq info/logoUrl null)"],
  ["tags/any(t:t eq 'WindowsAzureActiveDirectoryIntegratedApp')", "(any tags t: (eq $t 'WindowsAzureActiveDirectoryIntegratedApp'))"],
  ["tags/all(t:startswith(t,'x'))", "(all tags t: (startswith $t 'x'))"],
  ["tags/any()", "(any tags)"],
  [
    "identities/any(c:c/issuer eq 'contoso.com' and c/issuerAssignedId eq 'j')",
    "(any identities c: (and (eq $c/issuer 'contoso.com') (eq $c/issuerAssignedId 'j')))",
  ],
  ["proxyAddresses/any(p:endsWith(p, 'OnMicrosoft.com'))", "(any proxyAddresses p: (endswith $p 'OnMicrosoft.com'))"],
  ["a/any(x:x/b/any(y:y eq x/c))", "(any a x: (any $x/b y: (eq $y $x/c)))"],
  ["assignedLicenses/$count eq 0", "(eq assignedLicenses/$count number:0)"],
  ["servicePrincipalNames/any(c:c in ('a','b'))", "(any servicePrincipalNames c: (in $c ['a' 'b']))"],
];

describe("parseFilter", () => {
  it.each(cases)("%s", (input, expected) => {
    expect(formatAst(parseFilter(input))).toBe(expected);
  });

  const errors: Array<[string, string]> = [
    ["", "Expression expected at position 0 in ''."],
    ["displayName eq", "Expression expected at position 14 in 'displayName eq'."],
    ["displayName eq 'x' and", "Expression expected at position 22 in 'displayName eq 'x' and'."],
    ["(displayName eq 'x'", "')' or operator expected at position 19 in '(displayName eq 'x''."],
    ["displayName eq 'x')", "Syntax error at position 18 in 'displayName eq 'x')'."],
    ["displayName eq 'x' 'y'", "Syntax error at position 19 in 'displayName eq 'x' 'y''."],
    ["displayName equals 'x'", "Syntax error at position 12 in 'displayName equals 'x''."],
    ["startswith(displayName 'x')", "')' or ',' expected at position 23 in 'startswith(displayName 'x')'."],
    ["startswith(displayName)", "The function 'startswith' at position 0 in 'startswith(displayName)' takes 2 arguments but 1 were given."],
    ["substringof('x', displayName)", "An unknown function with name 'substringof' was found at position 0"],
    ["id in 'a'", "'(' expected at position 6 in 'id in 'a''."],
    ["id in ('a' 'b')", "')' or ',' expected at position 11 in 'id in ('a' 'b')'."],
    ["id in (displayName)", "Literal expected at position 7 in 'id in (displayName)'."],
    ["tags/any(t t eq 'x')", "':' expected at position 11 in 'tags/any(t t eq 'x')'."],
    ["tags/any(t:t eq 'x'", "')' or operator expected at position 19 in 'tags/any(t:t eq 'x''."],
    ["tags/all()", "The 'all' operator at position 5 in 'tags/all()' needs a lambda expression."],
    ["a/'x' eq 'x'", "Identifier expected at position 2 in 'a/'x' eq 'x''."],
    ['displayName eq "x"', `Syntax error: character '"' is not valid at position 15 in 'displayName eq "x"'.`],
    ["displayName eq 'x", "There is an unterminated literal at position 15 in 'displayName eq 'x'."],
  ];
  it.each(errors)("refuses %s", (input, message) => {
    let caught: unknown;
    try {
      parseFilter(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FilterSyntaxError);
    expect((caught as Error).message).toContain(message);
  });
});

describe("nesting depth", () => {
  it("parses an expression nested as deep as the limit", () => {
    const depth = MAX_FILTER_DEPTH - 1;
    expect(() => parseFilter(`${"(".repeat(depth)}displayName eq 'x'${")".repeat(depth)}`)).not.toThrow();
  });

  it.each([
    ["parentheses", `${"(".repeat(5000)}displayName eq 'x'${")".repeat(5000)}`],
    ["unclosed parentheses", "(".repeat(5000)],
    ["not", `${"not ".repeat(5000)}true`],
  ])("refuses %s nested past the limit as a syntax error, not a stack overflow", (_name, input) => {
    expect(() => parseFilter(input)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(input)).toThrow(`nests more than ${MAX_FILTER_DEPTH} levels`);
  });
});
