/**
 * Paging of ARM lists: `$top` caps a page, and the page's `nextLink` carries a `$skiptoken`
 * naming the last key served, so the next page starts strictly after it whatever was added or
 * removed meanwhile. Items are served in key order.
 */
import { armErrors } from "./errors.js";

/** Largest page served when the client gives no `$top` (Azure pages its lists at 1000 as well). */
export const DEFAULT_PAGE_SIZE = 1000;

export interface PageRequest {
  /** `$top` as sent, if any. */
  readonly top?: string | null;
  /** `$skiptoken` as sent, if any. */
  readonly skipToken?: string | null;
}

export interface Page<T> {
  readonly items: T[];
  /** The `$skiptoken` of the next page; undefined on the last page. */
  readonly nextSkipToken: string | undefined;
}

/** Parses `$top`: a positive integer, else InvalidQueryParameterValue. */
export function parseTop(top: string | null | undefined): number | undefined {
  if (top === null || top === undefined || top === "") return undefined;
  if (!/^\d+$/.test(top) || Number(top) < 1) throw armErrors.invalidQueryParameterValue("$top", top);
  return Number(top);
}

function decodeSkipToken(token: string): string {
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (key === "" || Buffer.from(key, "utf8").toString("base64url") !== token) {
    throw armErrors.invalidQueryParameterValue("$skiptoken", token);
  }
  return key;
}

/** One page of `items` (any order in; key order out). */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const size = Math.min(parseTop(request.top) ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const after = request.skipToken ? decodeSkipToken(request.skipToken) : undefined;
  const keyed = items.map((item) => ({ key: keyOf(item), item })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const remaining = after === undefined ? keyed : keyed.filter((k) => k.key > after);
  const page = remaining.slice(0, size);
  const last = page[page.length - 1];
  return {
    items: page.map((k) => k.item),
    nextSkipToken: remaining.length > size && last !== undefined ? Buffer.from(last.key, "utf8").toString("base64url") : undefined,
  };
}
