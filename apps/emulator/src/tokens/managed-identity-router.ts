/**
 * Managed-identity token endpoints (IMDS /metadata/identity/..., the App Service
 * IDENTITY_ENDPOINT) and the built-in test issuer; any other path on this area answers the
 * IMDS-style 404.
 */
import Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../services.js";
import { addManagedIdentityRoutes } from "./managed-identity-routes.js";
import { addTestIssuerRoutes } from "./test-issuer-routes.js";

export function createManagedIdentityRouter(services: Services): Router {
  const router = new Router();
  addManagedIdentityRoutes(router, services);
  addTestIssuerRoutes(router, services);
  return router;
}

export function managedIdentityMiddleware(services: Services): Koa.Middleware {
  const routes = createManagedIdentityRouter(services).routes() as unknown as Koa.Middleware;
  return async (ctx) => {
    await routes(ctx, async () => {});
    if (ctx.body === undefined && ctx.status === 404) {
      ctx.status = 404;
      ctx.body = { error: "not_found", error_description: `No managed-identity endpoint at '${ctx.path}'.` };
    }
  };
}
