/**
 * Entra ID login endpoints (login.microsoftonline.com, login.windows.net, sts.windows.net
 * through the proxy; the same paths on the direct port): discovery documents, JWKS and the
 * token endpoints. Errors answer Entra's JSON shape (AADSTS code inside error_description).
 */
import Router from "@koa/router";
import type Koa from "koa";
import { v2Issuer } from "@azmi/identity";
import type { Services } from "../services.js";
import { instanceDiscovery, openIdConfigurationAdfs, openIdConfigurationV1, openIdConfigurationV2 } from "./documents.js";
import { JSON_TYPE, writeAnswer } from "../http/answer.js";
import { entraAnswer, entraFailureOf, loginRequestIds } from "./entra-answer.js";
import { answerTokenHttp, readForm, tokenRouteOf } from "./token-route.js";
import { requestOrigin } from "../http/origin.js";

export function createLoginRouter(services: Services): Router {
  const router = new Router();
  const json = (ctx: Koa.Context, body: unknown) => {
    ctx.type = JSON_TYPE;
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
  router.get("/:tenant/discovery/v2.0/keys", async (ctx) => json(ctx, await services.signingKeys.jwks({ issuer: v2Issuer("{tenantid}", requestOrigin(ctx)) })));
  router.get("/:tenant/discovery/keys", async (ctx) => json(ctx, await services.signingKeys.jwks()));

  // The same answer app.ts gives on its Koa-free path (token-route.ts).
  const token = async (ctx: Koa.Context) => {
    const route = tokenRouteOf(ctx.path)!;
    writeAnswer(
      ctx,
      await answerTokenHttp(services, {
        route,
        readForm: () => readForm(ctx.req),
        authorization: ctx.get("authorization") || undefined,
        clientRequestId: ctx.get("client-request-id") || undefined,
        origin: requestOrigin(ctx),
      }),
    );
  };
  router.post("/:tenant/oauth2/v2.0/token", token);
  router.post("/:tenant/oauth2/token", token);
  // MSAL in ADFS mode posts to the token_endpoint of the ADFS document, trailing slash included.
  router.post("/:tenant/oauth2/token/", token);
  return router;
}

export function loginMiddleware(services: Services): Koa.Middleware {
  const routes = createLoginRouter(services).routes() as unknown as Koa.Middleware;
  return async (ctx) => {
    const { requestId, correlationId } = loginRequestIds(ctx.get("client-request-id") || undefined);
    // The token route replaces these with its own (token-route.ts).
    ctx.set("x-ms-request-id", requestId);
    ctx.set("client-request-id", correlationId);
    try {
      await routes(ctx, async () => {});
      if (ctx.body === undefined && ctx.status === 404) {
        ctx.status = 404;
        ctx.type = JSON_TYPE;
        ctx.body = { error: "not_found", error_description: `azmi serves no login endpoint at '${ctx.path}'.` };
      }
    } catch (error) {
      const failure = entraFailureOf(error);
      if (failure === undefined) throw error;
      writeAnswer(ctx, entraAnswer(failure, correlationId));
    }
  };
}
