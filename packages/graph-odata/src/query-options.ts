/**
 * The system query options of one Graph request, parsed but not yet checked against a schema:
 * $filter, $select, $orderby, $search, $top, $skiptoken, $count. Option names are matched
 * case-insensitively; each may appear once.
 */
import { graphErrors } from "./errors.js";
import type { Expr } from "./filter/ast.js";
import { FilterSyntaxError, parseFilter } from "./filter/parser.js";
import { parseOrderBy, type OrderByItem } from "./orderby.js";
import { parseSearch, type SearchExpr } from "./search.js";

export const defaultPageSize = 100;
export const maxPageSize = 999;

export interface QueryOptions {
  readonly filter: { readonly text: string; readonly expr: Expr } | undefined;
  readonly select: string | undefined;
  readonly orderby: { readonly text: string; readonly items: readonly OrderByItem[] } | undefined;
  readonly search: { readonly text: string; readonly expr: SearchExpr } | undefined;
  readonly top: number | undefined;
  readonly skiptoken: string | undefined;
  /** $count=true was asked for (honoured only in an advanced query). */
  readonly count: boolean;
  /** The request carried `ConsistencyLevel: eventual`. */
  readonly eventual: boolean;
}

export interface QueryOptionsInput {
  /** The request's query parameters, decoded (URLSearchParams qualifies). */
  readonly params: Iterable<readonly [string, string]>;
  /** The ConsistencyLevel request header, if any. */
  readonly consistencyLevel?: string | undefined;
}

const known = new Set(["$filter", "$select", "$orderby", "$search", "$top", "$skiptoken", "$count", "$expand", "$format", "$skip"]);

export function parseQueryOptions(input: QueryOptionsInput): QueryOptions {
  const raw = new Map<string, string>();
  for (const [name, value] of input.params) {
    const key = name.toLowerCase();
    if (!key.startsWith("$")) continue; // non-OData parameters are not ours to judge
    if (!known.has(key)) throw graphErrors.badRequest(`The query parameter '${name}' is not supported.`);
    if (raw.has(key)) throw graphErrors.duplicateQueryOption(name);
    raw.set(key, value);
  }
  if (raw.has("$skip")) throw graphErrors.unsupportedQueryOption("$skip");

  const filterText = raw.get("$filter");
  let filter: QueryOptions["filter"];
  if (filterText !== undefined) {
    try {
      filter = { text: filterText, expr: parseFilter(filterText) };
    } catch (err) {
      if (err instanceof FilterSyntaxError) throw graphErrors.invalidFilter(err.message);
      throw err;
    }
  }

  const orderbyText = raw.get("$orderby");
  const orderby = orderbyText === undefined ? undefined : { text: orderbyText, items: parseOrderBy(orderbyText) };
  const searchText = raw.get("$search");
  const search = searchText === undefined ? undefined : { text: searchText, expr: parseSearch(searchText) };

  let top: number | undefined;
  const topText = raw.get("$top");
  if (topText !== undefined) {
    const trimmed = topText.trim();
    let digits = trimmed.length > 0;
    for (const c of trimmed.startsWith("-") ? trimmed.slice(1) : trimmed) if (c < "0" || c > "9") digits = false;
    if (!digits || trimmed === "-") throw graphErrors.invalidTop(topText);
    top = Number(trimmed);
    if (top < 1 || top > maxPageSize) throw graphErrors.invalidPageSize(topText);
  }

  const countText = raw.get("$count");
  let count = false;
  if (countText !== undefined) {
    const lower = countText.toLowerCase();
    if (lower !== "true" && lower !== "false") throw graphErrors.badRequest(`'${countText}' is not a valid count option.`);
    count = lower === "true";
  }

  return {
    filter,
    select: raw.get("$select"),
    orderby,
    search,
    top,
    skiptoken: raw.get("$skiptoken"),
    count,
    eventual: (input.consistencyLevel ?? "").trim().toLowerCase() === "eventual",
  };
}
