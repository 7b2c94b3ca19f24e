/**
 * scheme://host[:port] as the client reached azmi (Koa 3's ctx.origin is null). Through the
 * proxy this is https://management.azure.com, directly https://127.0.0.1:4566: answers that
 * carry URLs (nextLink, Location, discovery documents) use it so the client can follow them.
 */
import type Koa from "koa";

export function requestOrigin(ctx: Koa.Context): string {
  const host = ctx.get("host") || `${ctx.socket.localAddress ?? "127.0.0.1"}:${ctx.socket.localPort ?? ""}`;
  return `${ctx.protocol}://${host}`;
}
