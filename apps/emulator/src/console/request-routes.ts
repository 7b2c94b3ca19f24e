/**
 * The request log's pages: the log (/console/requests), the rows newer than a sequence number
 * (/console/requests/rows, what the page polls for), and one request (/console/requests/{n}).
 */
import type Router from "@koa/router";
import { requestFilterSchema, matchesFilter, type RequestFilter } from "../requests/request-filter.js";
import { viewOf, type RequestView } from "../requests/request-view.js";
import type { Services } from "../services.js";
import { NotFound } from "./pages/layout.js";
import { Request } from "./pages/request.js";
import { RequestRows, Requests } from "./pages/requests.js";
import { requestDetail } from "./request-detail.js";
import { fragment, page } from "./respond.js";

function rowsFor(services: Services, filter: RequestFilter): RequestView[] {
  const out: RequestView[] = [];
  for (const { seq, item } of services.requestLog.newestFirst()) {
    // Newest first: past `after`, everything older is too.
    if (filter.after !== undefined && seq <= filter.after) break;
    const view = viewOf(seq, item);
    if (matchesFilter(view, filter)) out.push(view);
  }
  return out;
}

export function mountRequestPages(router: Router, services: Services): void {
  router.get("/console/requests", (ctx) => {
    const filter = requestFilterSchema.parse(ctx.query);
    const rows = rowsFor(services, { ...filter, after: undefined });
    page(ctx, Requests({ rows, filter, lastSeq: services.requestLog.lastSeq(), kept: services.requestLog.capacity }));
  });

  router.get("/console/requests/rows", (ctx) => {
    const filter = requestFilterSchema.parse(ctx.query);
    ctx.set("x-azmi-last-seq", String(services.requestLog.lastSeq()));
    fragment(ctx, RequestRows({ rows: rowsFor(services, filter) }));
  });

  router.get("/console/requests/:seq", (ctx) => {
    const raw = ctx.params["seq"] ?? "";
    const seq = /^\d+$/.test(raw) ? Number(raw) : NaN;
    const entry = services.requestLog.get(seq);
    if (entry === undefined) {
      page(ctx, NotFound({ what: `The request log holds no request '${raw}': it keeps the last ${services.requestLog.capacity} only.` }), 404);
      return;
    }
    page(ctx, Request({ detail: requestDetail(seq, entry) }));
  });
}
