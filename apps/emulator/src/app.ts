/**
 * The Koa app behind the listener: collapse repeated slashes, pick the area that answers
 * (routing.ts), let it answer. Every area renders its own errors in its own dialect (ARM,
 * Graph, Entra ID); whatever escapes them is a generic 500 JSON, never a stack trace or HTML.
 * The listener calls createRequestListener (request-listener.ts): Resource Manager, Key Vault
 * and token requests, the bulk of the traffic, skip Koa; the other areas are Koa routers.
 */
import Koa from "koa";
import { armErrors } from "@azmi/arm-core";
import { createAdminRouter, type AdminOptions } from "./admin/routes.js";
import { renderError } from "./arm/render.js";
import { writeAnswer } from "./http/answer.js";
import { graphMiddleware } from "./graph/router.js";
import { loginMiddleware } from "./login/router.js";
import { metadataMiddleware } from "./metadata/endpoints.js";
import { managedIdentityMiddleware } from "./tokens/managed-identity-router.js";
import { areaOf, normalizedPath, type Area } from "./routing.js";
import { vaultRequestListener } from "./vault-data-plane/runner.js";
import type { Services } from "./services.js";
import { randomUUID } from "node:crypto";

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
