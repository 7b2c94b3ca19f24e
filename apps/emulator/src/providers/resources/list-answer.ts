/**
 * The answer of every ARM list: `{"value": [...], "nextLink": "<absolute URL>"}`, the nextLink
 * being the request's own URL (as the client sent it, on the host it used) with a new
 * `$skiptoken`, so SDKs can follow it verbatim.
 */
import { pageOf } from "@azmi/arm-core";
import type { ArmContext, ArmResult } from "../../arm/contract.js";

export function nextLinkFor(ctx: ArmContext, skipToken: string): string {
  const query = new URLSearchParams(ctx.query);
  query.set("$skiptoken", skipToken);
  return `${ctx.baseUrl}${ctx.rawPath}?${query.toString()}`;
}

/** One page of `items` in key order, honouring `$top` and `$skiptoken`. */
export function pagedList<T>(ctx: ArmContext, items: readonly T[], keyOf: (item: T) => string, render: (item: T) => unknown = (x) => x): ArmResult {
  const page = pageOf(items, keyOf, { top: ctx.query.get("$top"), skipToken: ctx.query.get("$skiptoken") });
  const body: { value: unknown[]; nextLink?: string } = { value: page.items.map(render) };
  if (page.nextSkipToken !== undefined) body.nextLink = nextLinkFor(ctx, page.nextSkipToken);
  return { status: 200, body };
}
