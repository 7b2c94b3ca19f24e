/**
 * The web console under /_azmi/console (pages rendered on the server with Preact, one small
 * script) and the JSON it offers besides: GET /_azmi/access (the access question answered) and
 * GET /_azmi/operations (operation names to complete). Only GETs: the console changes nothing.
 * Pages carry a Content-Security-Policy that lets them load nothing but azmi's own files.
 */
import Router from "@koa/router";
import type Koa from "koa";
import { isArmError } from "@azmi/arm-core";
import { knownOperations } from "@azmi/rbac";
import { requestOrigin } from "../http/origin.js";
import type { Services } from "../services.js";
import { answerAccess } from "./access.js";
import { CONSOLE_CSS, CONSOLE_ICON, CONSOLE_JS } from "./assets.js";
import { readIdentityDetail } from "./identity-detail.js";
import { readInventory } from "./inventory.js";
import { Access, type AccessAnswer } from "./pages/access.js";
import { Identities } from "./pages/identities.js";
import { Identity } from "./pages/identity.js";
import { NotFound } from "./pages/layout.js";
import { Overview } from "./pages/overview.js";
import { consoleReads } from "./reads.js";
import { mountBrowsePages } from "./browse-routes.js";
import { mountRequestPages } from "./request-routes.js";
import { asset, page, text } from "./respond.js";

export interface ConsoleOptions {
  readonly version: string;
  readonly startedAt: number;
}

export function mountConsole(router: Router, services: Services, options: ConsoleOptions): void {
  const readsFor = (ctx: Koa.Context) => consoleReads(services, requestOrigin(ctx));

  router.get("/console/assets/console.css", (ctx) => asset(ctx, "text/css; charset=utf-8", CONSOLE_CSS));
  router.get("/console/assets/icon.svg", (ctx) => asset(ctx, "image/svg+xml", CONSOLE_ICON));
  router.get("/console/assets/console.js", (ctx) => asset(ctx, "text/javascript; charset=utf-8", CONSOLE_JS));

  router.get("/console", async (ctx) => {
    const inventory = await readInventory(readsFor(ctx));
    const origin = requestOrigin(ctx);
    page(
      ctx,
      Overview({
        facts: {
          tenantId: services.config.tenantId,
          authMode: services.config.authMode,
          store: services.store.kind,
          dataDir: services.config.dataDir,
          version: options.version,
          uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000),
          origin,
          port: ctx.socket.localPort ?? services.config.port,
        },
        inventory,
      }),
    );
  });

  mountBrowsePages(router, services, readsFor);

  router.get("/console/identities", async (ctx) => {
    const inventory = await readInventory(readsFor(ctx));
    page(ctx, Identities({ identities: inventory.identities }));
  });

  router.get("/console/identities/:principalId", async (ctx) => {
    const detail = await readIdentityDetail(readsFor(ctx), ctx.params["principalId"] ?? "");
    if (detail === undefined) {
      page(ctx, NotFound({ what: `No managed identity has the principal id '${ctx.params["principalId"] ?? ""}'.` }), 404);
      return;
    }
    page(ctx, Identity({ detail }));
  });

  router.get("/console/access", (ctx) => {
    const question = { principal: text(ctx.query["principal"]), action: text(ctx.query["action"]), scope: text(ctx.query["scope"]) };
    const asked = question.principal !== "" || question.action !== "" || question.scope !== "";
    let answer: AccessAnswer | undefined;
    let problem: string | undefined;
    if (asked) {
      try {
        answer = answerAccess(services, readsFor(ctx), { ...question, kind: text(ctx.query["kind"]) });
      } catch (error) {
        if (!isArmError(error)) throw error;
        problem = `${error.code}: ${error.message}`;
      }
    }
    page(ctx, Access({ question, answer, problem }), problem === undefined ? 200 : 400);
  });

  mountRequestPages(router, services);

  router.get("/console/*rest", (ctx) => {
    page(ctx, NotFound({ what: `The console has no page '${ctx.path}'.` }), 404);
  });

  router.get("/access", (ctx) => {
    const answer = answerAccess(services, readsFor(ctx), {
      principal: text(ctx.query["principal"]),
      action: text(ctx.query["action"]),
      scope: text(ctx.query["scope"]),
      kind: text(ctx.query["kind"]),
    });
    ctx.body = {
      ...answer.explanation,
      principalDisplayName: answer.principalName ?? null,
      locks: answer.locks,
      lockOperation: answer.lockOperation,
      denyAssignments: answer.denyAssignments,
      mode: answer.mode,
    };
  });

  router.get("/operations", (ctx) => {
    ctx.set("cache-control", "max-age=3600");
    ctx.body = knownOperations(services.rbac.catalogue);
  });
}
