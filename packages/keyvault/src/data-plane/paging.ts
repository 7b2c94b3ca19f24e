/**
 * Key Vault's list paging: `maxresults` (1–25, 25 when absent) items a page, and a `nextLink`
 * carrying an opaque `$skiptoken` that names the last item served; null on the last page.
 */
import { kvErrors } from "./data-errors.js";

export const MAX_RESULTS = 25;

export interface PageRequest {
  readonly maxresults?: string | undefined;
  readonly skiptoken?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The query for the next page ($skiptoken=...&maxresults=...), undefined on the last page. */
  readonly next?: { readonly skiptoken: string; readonly maxresults: number };
}

export function pageSize(maxresults: string | undefined): number {
  if (maxresults === undefined || maxresults === "") return MAX_RESULTS;
  const n = Number(maxresults);
  if (!Number.isInteger(n) || n < 1 || n > MAX_RESULTS) {
    throw kvErrors.badParameter(`invalid maxresults '${maxresults}': it must be a number between 1 and ${MAX_RESULTS}.`);
  }
  return n;
}

/** One page of `sorted` (ordered by the `sortKey` of each item). */
export function pageOf<T>(sorted: readonly T[], sortKey: (item: T) => string, request: PageRequest): Page<T> {
  const size = pageSize(request.maxresults);
  let start = 0;
  if (request.skiptoken !== undefined && request.skiptoken !== "") {
    let after: string;
    try {
      after = Buffer.from(request.skiptoken, "base64url").toString("utf8");
    } catch {
      throw kvErrors.badParameter("The $skiptoken is not valid.");
    }
    start = sorted.findIndex((item) => sortKey(item) > after);
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + size);
  if (start + size >= sorted.length) return { items };
  return { items, next: { skiptoken: Buffer.from(sortKey(items[items.length - 1]!), "utf8").toString("base64url"), maxresults: size } };
}

/** A list answer: the page's items and, when more remain, the next page's query. */
export interface ListAnswer {
  readonly value: unknown[];
  readonly next?: { readonly skiptoken: string; readonly maxresults: number };
}

/** One page of `sorted`, each item rendered. */
export function listPage<T>(sorted: readonly T[], sortKey: (item: T) => string, request: PageRequest, render: (item: T) => unknown): ListAnswer {
  const { items, next } = pageOf(sorted, sortKey, request);
  return { value: items.map(render), ...(next === undefined ? {} : { next }) };
}
