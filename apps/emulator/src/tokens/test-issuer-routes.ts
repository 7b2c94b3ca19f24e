/**
 * The built-in OIDC test issuer (see @azmi/identity test-issuer.ts): discovery, JWKS, and
 * POST /_azmi/issuer/token {"subject", "audience"?, "lifetimeSeconds"?} → {"token"}. Its issuer
 * URL is always https (federated credentials must name an https issuer; the listener serves
 * https on the same port), on the host the client used.
 */
import Router from "@koa/router";
import type Koa from "koa";
import { z } from "zod";
import { TEST_ISSUER_PATH, testIssuerUrl } from "@azmi/identity";
import { readBodyText } from "../http/body.js";
import type { Services } from "../services.js";

const mintBody = z.object({
  subject: z.string().min(1),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  lifetimeSeconds: z.number().int().min(-86_400).max(86_400).optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
});

export function testIssuerOf(ctx: Koa.Context): string {
  return testIssuerUrl(`https://${ctx.host}`);
}

export function addTestIssuerRoutes(router: Router, services: Services): void {
  const issuer = () => services.tokens.testIssuer;

  router.get(`${TEST_ISSUER_PATH}/.well-known/openid-configuration`, (ctx) => {
    ctx.body = issuer().discoveryDocument(testIssuerOf(ctx));
  });
  router.get(`${TEST_ISSUER_PATH}/keys`, async (ctx) => {
    ctx.body = await issuer().jwks();
  });
  router.post(`${TEST_ISSUER_PATH}/token`, async (ctx) => {
    let parsed: z.infer<typeof mintBody>;
    try {
      parsed = mintBody.parse(JSON.parse((await readBodyText(ctx.req, 64 * 1024)) || "{}"));
    } catch (error) {
      ctx.status = 400;
      const detail =
        error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") : (error as Error).message;
      ctx.body = { error: "invalid_request", error_description: `Expected {"subject": string, "audience"?: string}: ${detail}` };
      return;
    }
    const token = await issuer().mint({
      issuer: testIssuerOf(ctx),
      subject: parsed.subject,
      ...(parsed.audience === undefined ? {} : { audience: parsed.audience }),
      ...(parsed.lifetimeSeconds === undefined ? {} : { lifetimeSeconds: parsed.lifetimeSeconds }),
      ...(parsed.claims === undefined ? {} : { claims: parsed.claims }),
    });
    ctx.body = { token };
  });
}
