/**
 * How the console answers: a page (HTML under a Content-Security-Policy that lets it load nothing
 * but azmi's own files), a fragment of a page (the request log's new rows), or one of its assets.
 */
import type Koa from "koa";
import type { VNode } from "preact";
import { render } from "preact-render-to-string";

const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function htmlHeaders(ctx: Koa.Context, status: number): void {
  ctx.status = status;
  ctx.type = "text/html; charset=utf-8";
  ctx.set("content-security-policy", CSP);
  ctx.set("x-content-type-options", "nosniff");
  ctx.set("referrer-policy", "no-referrer");
  ctx.set("cache-control", "no-store");
}

export function page(ctx: Koa.Context, vnode: VNode, status = 200): void {
  htmlHeaders(ctx, status);
  ctx.body = `<!doctype html>${render(vnode)}`;
}

export function fragment(ctx: Koa.Context, vnode: VNode): void {
  htmlHeaders(ctx, 200);
  ctx.body = render(vnode);
}

export function asset(ctx: Koa.Context, type: string, text: string): void {
  ctx.type = type;
  ctx.set("x-content-type-options", "nosniff");
  ctx.set("cache-control", "no-cache");
  ctx.body = text;
}

/** A query parameter as one string ("" when absent or repeated oddly). */
export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
