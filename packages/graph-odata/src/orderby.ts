/**
 * $orderby: `displayName desc, createdDateTime` parsed with the $filter tokenizer into sort keys,
 * and the stable total order the pager relies on (the keys, then the object's id).
 */
import { graphErrors } from "./errors.js";
import { LexError, tokenize, type Token } from "./filter/lexer.js";
import { pathGetter, type Getter } from "./property-access.js";
import { canonicalProperty, type EntitySchema } from "./schema.js";

export interface OrderByItem {
  readonly path: readonly string[];
  readonly descending: boolean;
}

export function parseOrderBy(text: string): OrderByItem[] {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    if (err instanceof LexError) throw graphErrors.invalidOrderBy(err.message);
    throw err;
  }
  const items: OrderByItem[] = [];
  let i = 0;
  const at = (t: Token) => `at position ${t.position} in '${text}'`;
  for (;;) {
    const first = tokens[i]!;
    if (first.kind !== "identifier") throw graphErrors.invalidOrderBy(`Property name expected ${at(first)}.`);
    const path = [first.text];
    i++;
    while (tokens[i]!.kind === "slash") {
      const segment = tokens[i + 1]!;
      if (segment.kind !== "identifier") throw graphErrors.invalidOrderBy(`Property name expected ${at(segment)}.`);
      path.push(segment.text);
      i += 2;
    }
    let descending = false;
    const direction = tokens[i]!;
    if (direction.kind === "identifier") {
      const word = direction.text.toLowerCase();
      if (word !== "asc" && word !== "desc") throw graphErrors.invalidOrderBy(`'asc', 'desc', ',' or end of input expected ${at(direction)}.`);
      descending = word === "desc";
      i++;
    }
    items.push({ path, descending });
    const separator = tokens[i]!;
    if (separator.kind === "end") return items;
    if (separator.kind !== "comma") throw graphErrors.invalidOrderBy(`',' or end of input expected ${at(separator)}.`);
    i++;
  }
}

/** A sort key component: lower-cased strings, numbers, booleans, or null (missing/complex). */
export type SortValue = string | number | boolean | null;

export function sortValue(value: unknown): SortValue {
  if (typeof value === "string") return value.toLowerCase();
  if (typeof value === "number" || typeof value === "boolean") return value;
  return null;
}

const typeRank: Readonly<Record<string, number>> = { boolean: 1, number: 2, string: 3 };

/** null sorts first, as OData orders ascending; values of different types by type. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a !== typeof b) return typeRank[typeof a]! - typeRank[typeof b]!;
  return a < b ? -1 : 1;
}

export interface SortPlan {
  /** Key getters, one per $orderby item, then the object's id. */
  readonly getters: readonly Getter[];
  readonly descending: readonly boolean[];
  /** Normalized $orderby, so a page token is only honoured under the order it was made for. */
  readonly signature: string;
}

/** Resolves names against the schema (case-insensitively) and appends the id tie-breaker. */
export function planSort(items: readonly OrderByItem[], schema: EntitySchema | undefined, keyProperty: string): SortPlan {
  const getters: Getter[] = [];
  const descending: boolean[] = [];
  const parts: string[] = [];
  for (const item of items) {
    let path = item.path;
    if (schema !== undefined) {
      const name = canonicalProperty(schema, path[0]!);
      if (name === undefined) throw graphErrors.unknownProperty(path[0]!, schema.typeName);
      if (schema.properties[name]!.orderby === undefined) throw graphErrors.sortingNotSupported();
      path = [name, ...path.slice(1)];
    }
    getters.push(pathGetter(path));
    descending.push(item.descending);
    parts.push(`${path.join("/").toLowerCase()} ${item.descending ? "desc" : "asc"}`);
  }
  // The tie-breaker compares ids as stored (not lower-cased): any total order will do.
  const key = pathGetter([keyProperty]);
  getters.push((item) => {
    const id = key(item);
    return typeof id === "string" || typeof id === "number" ? String(id) : null;
  });
  descending.push(false);
  return { getters, descending, signature: parts.join(",") };
}

export function compareKeys(a: readonly SortValue[], b: readonly SortValue[], descending: readonly boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareSortValues(a[i] ?? null, b[i] ?? null);
    if (c !== 0) return descending[i] ? -c : c;
  }
  return 0;
}
