/**
 * azmi's own endpoints under /_azmi: the CA certificate to trust, a health probe, and a
 * reset that wipes all state (the CA stays, so trust set up once keeps working), the web
 * console (console/routes.ts), and the authorization decision point for other emulators'
 * data planes (authorize-route.ts).
 */
import Router from "@koa/router";
import { mountConsole } from "../console/routes.js";
import type { Services } from "../services.js";
import { addAuthorizeRoute } from "./authorize-route.js";

export interface AdminOptions {
  readonly caPem: string;
  readonly version: string;
  readonly startedAt: number;
}

export function createAdminRouter(services: Services, options: AdminOptions): Router {
  const router = new Router({ prefix: "/_azmi" });
  router.get("/ca.pem", (ctx) => {
    ctx.type = "application/x-pem-file";
    ctx.body = options.caPem;
  });
  router.get("/health", (ctx) => {
    ctx.body = {
      status: "ok",
      version: options.version,
      uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000),
      store: services.store.kind,
      authMode: services.config.authMode,
      tenantId: services.config.tenantId,
    };
  });
  addAuthorizeRoute(router, services);
  router.post("/reset", (ctx) => {
    services.reset();
    ctx.body = { status: "reset" };
  });
  mountConsole(router, services, options);
  return router;
}
