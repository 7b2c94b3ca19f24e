/**
 * Writing a rendered answer on a bare node:http response, for the paths that skip Koa (app.ts):
 * what Koa's respond() would do, and the origin a Koa context would report.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Rendered } from "./arm/render.js";

const EMPTY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * No body for 204/205/304 and HEAD, a content-length always. The answer is this request's own,
 * made for it alone (render.ts, token-route.ts): its headers are written as they are, not copied.
 */
export function writeRawAnswer(req: IncomingMessage, res: ServerResponse, answer: Rendered): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const headers: Record<string, string | number> = answer.headers;
  const body = answer.body;
  if (EMPTY_STATUSES.has(answer.status) || body === undefined) {
    delete headers["content-type"];
    delete headers["transfer-encoding"];
    delete headers["content-length"];
    if (!EMPTY_STATUSES.has(answer.status)) headers["content-length"] = 0;
    res.writeHead(answer.status, headers).end();
    return;
  }
  headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  res.writeHead(answer.status, headers);
  if (req.method === "HEAD") res.end();
  else res.end(body);
}

/** scheme://host[:port] as the client reached azmi: what requestOrigin() answers for a Koa context. */
export function originOf(req: IncomingMessage): string {
  const host = req.headers.host || `${req.socket.localAddress ?? "127.0.0.1"}:${req.socket.localPort ?? ""}`;
  return `${(req.socket as { encrypted?: boolean }).encrypted === true ? "https" : "http"}://${host}`;
}
