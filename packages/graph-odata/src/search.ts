/**
 * $search on directory objects: `"displayName:foo" AND "description:bar" OR "displayName:baz"`.
 * Each clause is a quoted `property:term`; AND binds tighter than OR. Matching is tokenized the
 * way Graph documents it: the property value is split into words at spaces, symbols, case
 * changes (camelCase) and letter/digit boundaries, and every word of the term must be the
 * prefix of some word of the value (ignoring case).
 */
import { graphErrors } from "./errors.js";
import { getProperty } from "./property-access.js";
import { canonicalProperty, type EntitySchema } from "./schema.js";
import type { Predicate } from "./filter/compile.js";

export interface SearchClause {
  readonly property: string;
  readonly term: string;
}

/** OR of ANDs of clauses. */
export type SearchExpr = readonly (readonly SearchClause[])[];

export function parseSearch(text: string): SearchExpr {
  const groups: SearchClause[][] = [[]];
  let i = 0;
  const skipSpace = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  skipSpace();
  for (;;) {
    if (text[i] !== '"') throw graphErrors.invalidSearch(`A quoted clause of the form "property:value" is expected at position ${i} in '${text}'.`);
    const start = i;
    i++;
    let body = "";
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\" && i + 1 < text.length) i++;
      body += text[i];
      i++;
    }
    if (text[i] !== '"') throw graphErrors.invalidSearch(`There is an unterminated quote at position ${start} in '${text}'.`);
    i++;
    const colon = body.indexOf(":");
    if (colon <= 0) throw graphErrors.invalidSearch(`The clause '${body}' must have the form "property:value".`);
    groups[groups.length - 1]!.push({ property: body.slice(0, colon).trim(), term: body.slice(colon + 1).trim() });
    skipSpace();
    if (i >= text.length) return groups;
    let word = "";
    while (i < text.length && text[i] !== " " && text[i] !== '"') word += text[i++];
    if (word === "AND") {
      // next clause joins the current group
    } else if (word === "OR") {
      groups.push([]);
    } else {
      throw graphErrors.invalidSearch(`'AND' or 'OR' expected at position ${i - word.length} in '${text}'.`);
    }
    skipSpace();
  }
}

type CharClass = "lower" | "upper" | "digit" | "other";

function charClass(c: string): CharClass {
  if (c >= "a" && c <= "z") return "lower";
  if (c >= "A" && c <= "Z") return "upper";
  if (c >= "0" && c <= "9") return "digit";
  // Letters outside ASCII count as lower-case letters: they still belong to a word.
  return c.toLowerCase() !== c.toUpperCase() ? "lower" : "other";
}

/** Splits "HelloWorld-app2" into ["hello", "world", "app", "2"]. */
export function searchWords(value: string): string[] {
  const words: string[] = [];
  let current = "";
  let previous: CharClass = "other";
  for (const c of value) {
    const cls = charClass(c);
    if (cls === "other") {
      if (current) words.push(current.toLowerCase());
      current = "";
    } else {
      const boundary =
        current !== "" && ((previous === "lower" && cls === "upper") || (previous === "digit" && cls !== "digit") || (previous !== "digit" && cls === "digit"));
      if (boundary) {
        words.push(current.toLowerCase());
        current = "";
      }
      current += c;
    }
    previous = cls;
  }
  if (current) words.push(current.toLowerCase());
  return words;
}

function clauseMatcher(clause: SearchClause, schema: EntitySchema | undefined): Predicate {
  let property = clause.property;
  if (schema !== undefined) {
    const name = canonicalProperty(schema, property);
    if (name === undefined) throw graphErrors.unknownProperty(property, schema.typeName);
    if (!schema.properties[name]!.search) {
      throw graphErrors.unsupportedQuery(`This query is not supported. $search on property '${name}' of resource '${schema.resourceName}' is not supported.`);
    }
    property = name;
  }
  const termWords = searchWords(clause.term);
  const termLower = clause.term.toLowerCase();
  const matchesValue = (value: unknown): boolean => {
    if (typeof value !== "string") return false;
    if (termWords.length === 0) return termLower === "" || value.toLowerCase().startsWith(termLower);
    if (value.toLowerCase().startsWith(termLower)) return true;
    const words = searchWords(value);
    return termWords.every((t) => words.some((w) => w.startsWith(t)));
  };
  return (item) => {
    const value = getProperty(item, property);
    return Array.isArray(value) ? value.some(matchesValue) : matchesValue(value);
  };
}

export function compileSearch(expr: SearchExpr, schema: EntitySchema | undefined): Predicate {
  const groups = expr.map((group) => group.map((clause) => clauseMatcher(clause, schema)));
  return (item) => groups.some((group) => group.every((match) => match(item)));
}
