/**
 * From parsed options to an executable plan: schema checks, Graph's advanced-query rule, the
 * compiled predicate, the sort and the page. Then running it over plain objects.
 *
 * The advanced-query rule (https://aka.ms/graph-docs/advanced-queries): ne, not and endsWith,
 * $filter together with $orderby, and sorting on advanced-only properties need both
 * `ConsistencyLevel: eventual` and `$count=true`; $search needs the header; the /$count segment
 * needs the header; `$count=true` without the header is silently ignored.
 */
import { graphErrors } from "./errors.js";
import { compileFilter, type Predicate } from "./filter/compile.js";
import { findSeeks, type Seek } from "./filter/seek.js";
import { compareKeys, compareSortValues, planSort, sortValue, type SortPlan, type SortValue } from "./orderby.js";
import { defaultPageSize, type QueryOptions } from "./query-options.js";
import { canonicalProperty, type EntitySchema } from "./schema.js";
import { compileSearch } from "./search.js";
import { parseSelect, project, type Selection } from "./select.js";
import { decodeSkiptoken, encodeSkiptoken } from "./skiptoken.js";

export interface PlanOptions {
  readonly schema?: EntitySchema | undefined;
  /** The property that identifies an object and breaks ties in the order. Default "id". */
  readonly keyProperty?: string;
  /** The request is for the /$count segment. */
  readonly countSegment?: boolean;
}

export interface QueryPlan {
  readonly options: QueryOptions;
  readonly predicate: Predicate | undefined;
  readonly sort: SortPlan;
  readonly selection: Selection | undefined;
  readonly pageSize: number;
  /** @odata.count is answered. */
  readonly includeCount: boolean;
  readonly after: readonly SortValue[] | undefined;
  /** Conjuncts of the filter an index may answer (see ObjectSource.lookup). */
  readonly seeks: readonly Seek[];
}

/**
 * Where the objects come from: a plain array, or a source that can also answer exact-match
 * lookups from its indexes. `lookup` answers the objects whose property equals `value` (for a
 * collection property: contains it), ignoring case, or undefined when it has no index for that
 * property. It may answer a superset; the filter still runs on what it returns.
 */
export interface ObjectSource {
  all(): readonly unknown[];
  lookup?(property: string, value: string): readonly unknown[] | undefined;
  /**
   * The objects whose property, lower-cased, starts with `prefix` (given lower-cased), or
   * undefined when no ordered index holds that property. A superset is fine here too.
   */
  lookupPrefix?(property: string, prefix: string): readonly unknown[] | undefined;
  /** all() answers in ascending id order (plain string order), every time. */
  readonly orderedById?: boolean;
}

export type Items = readonly unknown[] | ObjectSource;

function and(a: Predicate | undefined, b: Predicate | undefined): Predicate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (item) => a(item) && b(item);
}

export function planQuery(options: QueryOptions, planOptions: PlanOptions = {}): QueryPlan {
  const schema = planOptions.schema;
  const advancedParams = options.eventual && options.count;

  if (planOptions.countSegment && !options.eventual) throw graphErrors.countNotSupported();
  if (options.search !== undefined && !options.eventual) throw graphErrors.searchNeedsConsistency();

  let predicate: Predicate | undefined;
  if (options.filter !== undefined) {
    const compiled = compileFilter(options.filter.expr, { schema, text: options.filter.text });
    const needed = compiled.advancedOperators[0];
    // The /$count segment counts as $count for the advanced rule.
    if (needed !== undefined && !(options.eventual && (options.count || planOptions.countSegment))) throw graphErrors.advancedOperator(needed);
    predicate = compiled.predicate;
  }
  if (options.search !== undefined) predicate = and(predicate, compileSearch(options.search.expr, schema));

  const sort = planSort(options.orderby?.items ?? [], schema, planOptions.keyProperty ?? "id");
  if (options.orderby !== undefined) {
    if (options.filter !== undefined && !advancedParams) throw graphErrors.sortingNotSupported();
    if (schema !== undefined && !advancedParams) {
      for (const item of options.orderby.items) {
        const name = canonicalProperty(schema, item.path[0]!);
        if (name !== undefined && schema.properties[name]!.orderby === "advanced") throw graphErrors.sortingNotSupported();
      }
    }
  }

  const selection = options.select === undefined ? undefined : parseSelect(options.select, schema);
  const after = options.skiptoken === undefined ? undefined : decodeSkiptoken(options.skiptoken, sort.signature);

  return {
    options,
    predicate,
    sort,
    selection,
    pageSize: options.top ?? defaultPageSize,
    includeCount: options.count && options.eventual,
    after,
    seeks: options.filter === undefined ? [] : findSeeks(options.filter.expr, schema),
  };
}

function isSource(items: Items): items is ObjectSource {
  return !Array.isArray(items);
}

/** The objects the filter must look at: an index's answer when a seek can use one, else all. */
export function candidates(plan: QueryPlan, items: Items): readonly unknown[] {
  if (!isSource(items)) return items;
  const exact = items.lookup?.bind(items);
  const prefix = items.lookupPrefix?.bind(items);
  for (const seek of plan.seeks) {
    const lookup = seek.prefix ? prefix : exact;
    if (lookup === undefined) continue;
    const found = new Set<unknown>();
    let usable = true;
    for (const value of seek.values) {
      const hits = lookup(seek.property, value);
      if (hits === undefined) {
        usable = false;
        break;
      }
      for (const hit of hits) found.add(hit);
    }
    if (usable) return [...found];
  }
  return items.all();
}

export interface PageResult {
  readonly value: unknown[];
  /** Every match, across pages; only when includeCount. */
  readonly count: number | undefined;
  /** Token for the next page; undefined on the last page. */
  readonly nextSkiptoken: string | undefined;
}

export function countMatches(plan: QueryPlan, source: Items): number {
  const items = candidates(plan, source);
  const predicate = plan.predicate;
  if (predicate === undefined) return items.length;
  let n = 0;
  for (const item of items) if (predicate(item)) n++;
  return n;
}

/** The matches in the plan's order: item(i) and its sort keys keys(i). */
interface OrderedView {
  readonly length: number;
  item(i: number): unknown;
  keys(i: number): readonly SortValue[];
}

function orderedView(plan: QueryPlan, matches: readonly unknown[], presorted: boolean): OrderedView {
  const { getters, descending } = plan.sort;
  if (getters.length === 1) {
    // No $orderby: the only key is the id; read ids, not allocate entries.
    const get = getters[0]!;
    const idOf = (item: unknown) => get(item) as SortValue;
    if (presorted) return { length: matches.length, item: (i) => matches[i], keys: (i) => [idOf(matches[i])] };
    const ids = matches.map(idOf);
    let sorted = true;
    for (let i = 1; i < ids.length && sorted; i++) if (compareSortValues(ids[i - 1]!, ids[i]!) > 0) sorted = false;
    if (sorted) return { length: matches.length, item: (i) => matches[i], keys: (i) => [ids[i]!] };
    const permutation = ids.map((_, i) => i).sort((a, b) => compareSortValues(ids[a]!, ids[b]!));
    return { length: matches.length, item: (i) => matches[permutation[i]!], keys: (i) => [ids[permutation[i]!]!] };
  }
  const entries = matches.map((item) => ({
    item,
    keys: getters.map((get, k) => (k === getters.length - 1 ? (get(item) as SortValue) : sortValue(get(item)))),
  }));
  entries.sort((a, b) => compareKeys(a.keys, b.keys, descending));
  return { length: entries.length, item: (i) => entries[i]!.item, keys: (i) => entries[i]!.keys };
}

export function runQuery(plan: QueryPlan, source: Items): PageResult {
  const items = candidates(plan, source);
  const predicate = plan.predicate;
  const matches = predicate === undefined ? items : items.filter((item) => predicate(item));
  // A source that promises id order, asked for everything, needs no ordering pass at all.
  const presorted = isSource(source) && source.orderedById === true && items === source.all();
  const view = orderedView(plan, matches, presorted);
  const descending = plan.sort.descending;

  let start = 0;
  if (plan.after !== undefined) {
    const after = plan.after;
    let lo = 0;
    let hi = view.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(view.keys(mid), after, descending) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const end = Math.min(start + plan.pageSize, view.length);
  const value: unknown[] = [];
  for (let i = start; i < end; i++) value.push(project(view.item(i), plan.selection));
  const nextSkiptoken = end < view.length ? encodeSkiptoken({ signature: plan.sort.signature, after: view.keys(end - 1) }) : undefined;
  return { value, count: plan.includeCount ? view.length : undefined, nextSkiptoken };
}
