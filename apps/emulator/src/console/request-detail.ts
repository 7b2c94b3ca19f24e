/** One logged request made ready to show: its meaning (request-view.ts) and its headers and bodies, masked. */
import { maskBody, maskHeaders, maskQuery } from "../requests/masking.js";
import { MAX_KEPT_BODY_BYTES, type LoggedRequest } from "../requests/logged-request.js";
import { viewOf } from "../requests/request-view.js";
import type { RequestDetail } from "./pages/request.js";

export function requestDetail(seq: number, entry: LoggedRequest): RequestDetail {
  const view = viewOf(seq, entry);
  const contentType = (headers: Readonly<Record<string, unknown>>) => {
    const value = headers["content-type"];
    return typeof value === "string" ? value : undefined;
  };
  const responseBody = entry.responseBody();
  return {
    view,
    query: maskQuery(view.query),
    requestHeaders: maskHeaders(entry.requestHeaders),
    requestBody: entry.requestBody === undefined ? undefined : maskBody(entry.requestBody.toString("utf8"), contentType(entry.requestHeaders), view.path),
    responseHeaders: maskHeaders(entry.responseHeaders),
    responseBody: responseBody === undefined ? undefined : maskBody(responseBody.toString("utf8"), contentType(entry.responseHeaders), view.path),
    responseTruncated: entry.responseBytes > MAX_KEPT_BODY_BYTES,
    aborted: entry.aborted,
  };
}
