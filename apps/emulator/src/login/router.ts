/**
 * Entra ID login endpoints (login.microsoftonline.com, login.windows.net, sts.windows.net
 * through the proxy; the same paths on the direct port): discovery documents, JWKS and the
 * token endpoints. Errors answer Entra's JSON shape (AADSTS code inside error_description).
 */
import Router from "@koa/router";
import type Koa from "koa";
import getRawBody from "raw-body";
import { randomUUID } from "node:crypto";
import { entraErrorBody, entraErrors, isEntraError, v2Issuer } from "@azmi/identity";
import type { Services } from "../services.js";
import { instanceDiscovery, openIdConfigurationAdfs, openIdConfigurationV1, openIdConfigurationV2 } from "./documents.js";
import { answerTokenRequest, type TokenEndpointVersion } from "./token-endpoint.js";
import { requestOrigin } from "../request-origin.js";

const FORM_LIMIT_BYTES = 1024 * 1024;

export function createLoginRouter(services: Services): Router {
  const router = new Router();
  const json = (ctx: Koa.Context, body: unknown) => {
    ctx.type = "application/json; charset=utf-8";
    ctx.body = body;
  };

  router.get("/common/discovery/instance", (ctx) => {
    const endpoint = typeof ctx.query["authorization_endpoint"] === "string" ? ctx.query["authorization_endpoint"] : undefined;
    json(ctx, instanceDiscovery(requestOrigin(ctx), endpoint, ctx.host));
  });
  router.get("/adfs/.well-known/openid-configuration", (ctx) => json(ctx, openIdConfigurationAdfs(requestOrigin(ctx))));
  router.get("/adfs/discovery/keys", async (ctx) => json(ctx, await services.signingKeys.jwks()));
  router.get("/:tenant/v2.0/.well-known/openid-configuration", (ctx) =>
    json(ctx, openIdConfigurationV2(requestOrigin(ctx), ctx.params["tenant"]!, services.config.tenantId)),
  );
  router.get("/:tenant/.well-known/openid-configuration", (ctx) =>
    json(ctx, openIdConfigurationV1(requestOrigin(ctx), ctx.params["tenant"]!, services.config.tenantId)),
  );
  router.get("/:tenant/discovery/v2.0/keys", async (ctx) =>
    json(ctx, await services.signingKeys.jwks({ issuer: v2Issuer("{tenantid}", requestOrigin(ctx)) })),
  );
  router.get("/:tenant/discovery/keys", async (ctx) => json(ctx, await services.signingKeys.jwks()));

  const token = (version: TokenEndpointVersion) => async (ctx: Koa.Context & { params: Record<string, string> }) => {
    const form = new URLSearchParams((await getRawBody(ctx.req, { limit: FORM_LIMIT_BYTES, encoding: "utf8" })) as string);
    ctx.set("cache-control", "no-store, no-cache");
    json(ctx, await answerTokenRequest(services, { version, tenant: ctx.params["tenant"]!, form, authorization: ctx.get("authorization") || undefined, origin: requestOrigin(ctx) }));
  };
  router.post("/:tenant/oauth2/v2.0/token", token("v2"));
  router.post("/:tenant/oauth2/token", token("v1"));
  // MSAL in ADFS mode posts to the token_endpoint of the ADFS document, trailing slash included.
  router.post("/:tenant/oauth2/token/", token("v1"));
  return router;
}

export function loginMiddleware(services: Services): Koa.Middleware {
  const routes = createLoginRouter(services).routes() as unknown as Koa.Middleware;
  return async (ctx) => {
    const correlationId = ctx.get("client-request-id") || randomUUID();
    ctx.set("x-ms-request-id", randomUUID());
    ctx.set("client-request-id", correlationId);
    try {
      await routes(ctx, async () => {});
      if (ctx.body === undefined && ctx.status === 404) {
        ctx.status = 404;
        ctx.type = "application/json; charset=utf-8";
        ctx.body = { error: "not_found", error_description: `azmi serves no login endpoint at '${ctx.path}'.` };
      }
    } catch (error) {
      const entra = isEntraError(error) ? error : (error as { type?: string }).type === "entity.too.large" ? entraErrors.missingParameter("grant_type") : undefined;
      if (entra === undefined) throw error;
      ctx.status = entra.status;
      ctx.type = "application/json; charset=utf-8";
      ctx.body = entraErrorBody(entra, { traceId: randomUUID(), correlationId });
    }
  };
}
