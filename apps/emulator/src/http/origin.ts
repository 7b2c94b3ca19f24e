/**
 * scheme://host[:port] as the client reached azmi. Through the proxy this is
 * https://management.azure.com, directly https://127.0.0.1:4566: answers that carry URLs
 * (nextLink, Location, discovery documents) use it so the client can follow them.
 */
import type Koa from "koa";
import type { IncomingMessage } from "node:http";

/** For a bare node:http request (the paths that skip Koa). */
export function originOf(req: IncomingMessage): string {
  const host = req.headers.host || `${req.socket.localAddress ?? "127.0.0.1"}:${req.socket.localPort ?? ""}`;
  return `${(req.socket as { encrypted?: boolean }).encrypted === true ? "https" : "http"}://${host}`;
}

/** For a Koa context (Koa 3's ctx.origin is null). */
export function requestOrigin(ctx: Koa.Context): string {
  const host = ctx.get("host") || `${ctx.socket.localAddress ?? "127.0.0.1"}:${ctx.socket.localPort ?? ""}`;
  return `${ctx.protocol}://${host}`;
}
