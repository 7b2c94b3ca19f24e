/**
 * Step 1: every ARM answer, success or error, carries a request id and the caller's
 * correlation id (echoed, or a new one), plus the rate-limit header ARM sends and some
 * clients read. Azure always sends it; without `--throttle` nothing is counted, so it says
 * what a fresh principal has left on Azure after this request (a full bucket less one).
 * With `--throttle` the throttle step sends the true count once the caller is known.
 */
import { randomUUID } from "node:crypto";
import { AZURE_THROTTLE_LIMITS, requestKindOf, type RequestKind } from "@azmi/arm-core";
import { headerText } from "../../http/request-ids.js";
import type { ArmExchange } from "../exchange.js";
import { remainingHeader } from "./throttle.js";

const UNTOUCHED: Readonly<Record<RequestKind, string>> = {
  reads: String(AZURE_THROTTLE_LIMITS.reads.size - 1),
  writes: String(AZURE_THROTTLE_LIMITS.writes.size - 1),
  deletes: String(AZURE_THROTTLE_LIMITS.deletes.size - 1),
};
/** A request under /subscriptions/{id} counts against the subscription, any other against the tenant (as in the throttle step). */
const UNDER_SUBSCRIPTION = /^\/subscriptions\/[^/]+/i;

export function assignRequestIds(exchange: ArmExchange): void {
  const { headers, method } = exchange.request;
  const requestId = randomUUID();
  const correlationId = headerText(headers, "x-ms-correlation-request-id", 200) ?? requestId;
  const clientRequestId = headerText(headers, "x-ms-client-request-id", 200);
  exchange.requestId = requestId;
  const out = exchange.responseHeaders;
  out["x-ms-request-id"] = requestId;
  out["x-ms-correlation-request-id"] = correlationId;
  out["x-ms-routing-request-id"] = `LOCAL:${routingTimestamp()}:${requestId}`;
  if (clientRequestId !== undefined) out["x-ms-client-request-id"] = clientRequestId;
  if (exchange.services.throttle === undefined) {
    const kind = requestKindOf(method);
    out[remainingHeader(UNDER_SUBSCRIPTION.test(exchange.request.path) ? "subscription" : "tenant", kind)] = UNTOUCHED[kind];
  }
  out["cache-control"] = "no-cache";
  out["pragma"] = "no-cache";
  out["expires"] = "-1";
}

/** 20261126T082734730Z, formatted once per millisecond: many answers share one. */
let stampedAt = 0;
let stamp = "";
function routingTimestamp(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = new Date(now).toISOString().replace(/[-:.]/g, "");
  }
  return stamp;
}
