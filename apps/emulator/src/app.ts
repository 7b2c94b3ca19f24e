/**
 * The Koa app behind the listener: collapse repeated slashes, pick the area that answers
 * (routing.ts), let it answer. Every area renders its own errors in its own dialect (ARM,
 * Graph, Entra ID); whatever escapes them is a generic 500 JSON, never a stack trace or HTML.
 * The listener calls createRequestListener: Resource Manager and token requests, the bulk of
 * the traffic, skip Koa; the other areas are Koa routers.
 */
import Koa from "koa";
import { armErrors } from "@azmi/arm-core";
import { createAdminRouter, type AdminOptions } from "./admin/routes.js";
import { renderError } from "./arm/render.js";
import { JSON_TYPE, writeAnswer } from "./http/answer.js";
import { graphMiddleware } from "./graph/router.js";
import { loginMiddleware } from "./login/router.js";
import { tokenRequestListener, tokenRouteOf } from "./login/token-route.js";
import { metadataMiddleware } from "./metadata/endpoints.js";
import { managedIdentityMiddleware } from "./tokens/managed-identity-router.js";
import { admission } from "./listener/admission.js";
import { areaOf, type Area } from "./routing.js";
import { vaultRequestListener } from "./vault-data-plane/runner.js";
import type { Services } from "./services.js";
import { randomUUID } from "node:crypto";
import type { RequestListener, ServerResponse } from "node:http";

export type AppOptions = AdminOptions;

export function createApp(services: Services, options: AppOptions): Koa {
  const app = new Koa();
  app.silent = true;

  const admin = createAdminRouter(services, options);
  const vaultData = vaultRequestListener(services);
  const adminRoutes = admin.routes() as unknown as Koa.Middleware;
  const areas: Record<Area, Koa.Middleware> = {
    arm: services.arm.middleware(),
    graph: graphMiddleware(services),
    login: loginMiddleware(services),
    metadata: metadataMiddleware(services),
    identity: managedIdentityMiddleware(services),
    keyvault: async (ctx) => {
      ctx.respond = false;
      await vaultData(ctx.req, ctx.res, ctx.path, ctx.querystring);
    },
    admin: async (ctx, next) => {
      await adminRoutes(ctx, next);
      if (ctx.body === undefined && ctx.status === 404) notFound(ctx);
    },
    unknown: async (ctx) => notFound(ctx),
  };

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      writeAnswer(ctx, renderError(error));
    }
  });
  app.use(async (ctx, next) => {
    ctx.path = normalizedPath(ctx.path);
    await areas[areaOf(ctx.get("host"), ctx.path)](ctx, next);
  });
  return app;
}

/**
 * What the listener calls. Two kinds of request skip Koa, because clients send them more than
 * any other and a Koa context costs as much as answering them: Resource Manager requests go
 * straight to the ARM pipeline (armRequestListener), token requests to the token endpoint
 * (tokenRequestListener). Everything else goes through the Koa app.
 */
export function createRequestListener(services: Services, options: AppOptions): RequestListener {
  const viaKoa = createApp(services, options).callback();
  const token = tokenRequestListener(services);
  const vaultData = vaultRequestListener(services);
  const requestLog = services.requestLog;
  const admit = admission([services.config.host, ...(services.config.allowedHosts ?? [])]);
  return (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = normalizedPath(query === -1 ? url : url.slice(0, query));
    if (requestLog.logs(path)) requestLog.observe(req, res);
    const refusal = admit({ method: req.method ?? "GET", path, headers: req.headers });
    if (refusal !== undefined) {
      res.writeHead(refusal.status, { "content-type": JSON_TYPE }).end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    const area = path.startsWith("/") ? areaOf(req.headers.host, path) : "unknown";
    if (area === "arm") {
      services.arm.serve(req, res, path, query === -1 ? "" : url.slice(query + 1)).catch(() => failedWhileWriting(res));
      return;
    }
    if (area === "keyvault") {
      vaultData(req, res, path, query === -1 ? "" : url.slice(query + 1)).catch(() => failedWhileWriting(res));
      return;
    }
    const tokenRoute = area === "login" && req.method === "POST" ? tokenRouteOf(path) : undefined;
    if (tokenRoute !== undefined) {
      token(req, res, tokenRoute).catch(() => failedWhileWriting(res));
      return;
    }
    void viaKoa(req, res);
  };
}

/** Only a failure while writing the answer gets here (both paths render their own errors). */
function failedWhileWriting(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else res.writeHead(500, { "content-type": JSON_TYPE }).end(JSON.stringify(armErrors.internal().toBody()));
}

/**
 * The Azure SDKs send a `scope` parameter with its slashes encoded (`/%2Fsubscriptions%2F…`,
 * e.g. @azure/arm-locks ManagementLocks.*ByScope) and ARM reads them as separators: no ARM
 * name may contain a '/', so an encoded one is always a separator. Repeated slashes collapse.
 */
function normalizedPath(path: string): string {
  let out = path;
  if (/%2f/i.test(out)) out = out.replace(/%2f/gi, "/");
  if (out.includes("//")) out = out.replace(/\/{2,}/g, "/");
  return out;
}

/** An ARM-shaped 404 for paths no part of azmi serves. */
function notFound(ctx: Koa.Context): void {
  const requestId = randomUUID();
  const rendered = renderError(
    armErrors.invalidResourceType({ path: ctx.path, hint: "azmi serves Resource Manager, Microsoft Graph and Entra ID login paths." }),
  );
  writeAnswer(ctx, {
    ...rendered,
    headers: { ...rendered.headers, "x-ms-request-id": requestId, "x-ms-correlation-request-id": ctx.get("x-ms-correlation-request-id") || requestId },
  });
}
