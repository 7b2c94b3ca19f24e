/**
 * The Koa app behind the listener: collapse repeated slashes, pick the area that answers
 * (routing.ts), let it answer. Every area renders its own errors in its own dialect (ARM,
 * Graph, Entra ID); whatever escapes them is a generic 500 JSON, never a stack trace or HTML.
 */
import Koa from "koa";
import { armErrors } from "@azmi/arm-core";
import { createAdminRouter, type AdminOptions } from "./admin/routes.js";
import { armMiddleware, writeAnswer } from "./arm/pipeline.js";
import { renderError } from "./arm/render.js";
import { graphMiddleware } from "./graph/router.js";
import { loginMiddleware } from "./login/router.js";
import { metadataMiddleware } from "./metadata/endpoints.js";
import { managedIdentityMiddleware } from "./managed-identity/router.js";
import { areaOf, type Area } from "./routing.js";
import type { Services } from "./services.js";
import { randomUUID } from "node:crypto";

export type AppOptions = AdminOptions;

export function createApp(services: Services, options: AppOptions): Koa {
  const app = new Koa();
  app.silent = true;

  const admin = createAdminRouter(services, options);
  const adminRoutes = admin.routes() as unknown as Koa.Middleware;
  const areas: Record<Area, Koa.Middleware> = {
    arm: armMiddleware(services),
    graph: graphMiddleware(services),
    login: loginMiddleware(services),
    metadata: metadataMiddleware(services),
    identity: managedIdentityMiddleware(services),
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
    // The Azure SDKs send a `scope` parameter with its slashes encoded (`/%2Fsubscriptions%2F…`,
    // e.g. @azure/arm-locks ManagementLocks.*ByScope) and ARM reads them as separators: no ARM
    // name may contain a '/', so an encoded one is always a separator.
    if (/%2f/i.test(ctx.path)) ctx.path = ctx.path.replace(/%2f/gi, "/");
    if (ctx.path.includes("//")) ctx.path = ctx.path.replace(/\/{2,}/g, "/");
    await areas[areaOf(ctx.get("host"), ctx.path)](ctx, next);
  });
  return app;
}

/** An ARM-shaped 404 for paths no part of azmi serves. */
function notFound(ctx: Koa.Context): void {
  const requestId = randomUUID();
  const rendered = renderError(
    armErrors.notFound("InvalidResourceType", `The resource type could not be found for path '${ctx.path}'. azmi serves Resource Manager, Microsoft Graph and Entra ID login paths.`),
  );
  writeAnswer(ctx, {
    ...rendered,
    headers: { ...rendered.headers, "x-ms-request-id": requestId, "x-ms-correlation-request-id": ctx.get("x-ms-correlation-request-id") || requestId },
  });
}
