/**
 * Step 1: every ARM answer, success or error, carries a request id and the caller's
 * correlation id (echoed, or a new one), plus the rate-limit headers ARM sends and some
 * clients read.
 */
import { randomUUID } from "node:crypto";
import { headerText } from "../../http/request-ids.js";
import type { ArmExchange } from "../exchange.js";

const READS_REMAINING = "11999";
const WRITES_REMAINING = "1199";

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
  if (method === "GET" || method === "HEAD") out["x-ms-ratelimit-remaining-subscription-reads"] = READS_REMAINING;
  else out["x-ms-ratelimit-remaining-subscription-writes"] = WRITES_REMAINING;
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
