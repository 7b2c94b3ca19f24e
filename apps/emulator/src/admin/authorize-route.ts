/**
 * POST /_azmi/authorize: azmi as the decision point of another emulator's data plane. The body
 * names a token, an action or data action and a scope; the answer is the decision made with
 * azmi's signing keys, tenant and role assignments (@azmi/data-plane-auth), whatever the auth
 * mode, since the caller asks what strict Azure would decide. A body that is no such question is
 * ARM's 400 InvalidRequestContent.
 */
import type Router from "@koa/router";
import { armErrors, checkJsonDepth, parseRequestContent } from "@azmi/arm-core";
import { authorizationRequestSchema, createAuthorizer } from "@azmi/data-plane-auth";
import { readBodyText } from "../http/body.js";
import type { Services } from "../services.js";

const BODY_LIMIT_BYTES = 64 * 1024;

export function addAuthorizeRoute(router: Router, services: Services): void {
  const authorizer = createAuthorizer({ rbac: services.rbac, keys: () => services.tokens.jwks.current(), tenantId: services.config.tenantId });
  router.post("/authorize", async (ctx) => {
    const text = await readBodyText(ctx.req, BODY_LIMIT_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw armErrors.invalidRequestContent(`the body is not JSON: ${(error as Error).message}`);
    }
    checkJsonDepth(body);
    ctx.body = await authorizer.authorize(parseRequestContent(authorizationRequestSchema, body));
  });
}
