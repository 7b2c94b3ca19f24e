/**
 * The ARM pipeline: every Resource Manager request runs these steps, in this order. Each
 * step is a small function in ./steps/; a step that throws ends the request, and the error
 * is rendered once, by render.ts. Read the table top to bottom to know what happens.
 */
import type Koa from "koa";
import type { IncomingMessage, ServerResponse } from "node:http";
import getRawBody from "raw-body";
import { armErrors } from "@azmi/arm-core";
import type { Services } from "../services.js";
import type { ArmExchange, ArmStep } from "./exchange.js";
import { renderError, renderResult, type Rendered } from "./render.js";
import { assignRequestIds } from "./steps/request-ids.js";
import { checkApiVersion, requireApiVersion } from "./steps/api-version.js";
import { findRoute } from "./steps/route.js";
import { readJsonBody } from "./steps/body.js";
import { identifyCaller } from "./steps/caller.js";
import { authorize } from "./steps/authorize.js";
import { checkLocks } from "./steps/locks.js";
import { callHandler } from "./steps/handle.js";
import { requestOrigin } from "../request-origin.js";
import { originOf, writeRawAnswer } from "../raw-answer.js";

export const armSteps: ReadonlyArray<{ readonly name: string; readonly run: ArmStep }> = [
  { name: "request ids and correlation headers", run: assignRequestIds },
  { name: "api-version present", run: requireApiVersion },
  { name: "route to a resource type handler", run: findRoute },
  { name: "api-version supported by that type", run: checkApiVersion },
  { name: "JSON body (4 MB max)", run: readJsonBody },
  { name: "caller identity from the bearer token", run: identifyCaller },
  { name: "authorization (strict mode: RBAC)", run: authorize },
  { name: "management locks", run: checkLocks },
  { name: "resource provider handler", run: callHandler },
];

export async function runArmPipeline(exchange: ArmExchange): Promise<Rendered> {
  let rendered: Rendered;
  try {
    for (const step of armSteps) {
      // Most steps are synchronous: awaiting only the promises spares a microtask hop per step.
      const pending = step.run(exchange);
      if (pending !== undefined) await pending;
    }
    rendered = renderResult(exchange.result!);
  } catch (error) {
    rendered = renderError(error);
  }
  // The exchange's headers are this request's own: the answer's join them, and win.
  return { status: rendered.status, headers: Object.assign(exchange.responseHeaders, rendered.headers), body: rendered.body };
}

/**
 * The same without Koa, for the hot path (app.ts): ARM requests are most of the traffic, and a
 * Koa context per request costs as much as the pipeline itself. `path` is the request path with
 * repeated slashes collapsed and encoded slashes decoded, as app.ts hands it to every area.
 */
export function armRequestListener(services: Services): (req: IncomingMessage, res: ServerResponse, path: string, querystring: string) => Promise<void> {
  return async (req, res, path, querystring) => {
    const exchange: ArmExchange = {
      request: {
        method: (req.method ?? "GET").toUpperCase(),
        path: decodePathSegments(path),
        query: new URLSearchParams(querystring),
        headers: req.headers,
        baseUrl: originOf(req),
        readBody: (limit) => readLimited(req, limit),
      },
      services,
      responseHeaders: {},
      requestId: "",
    };
    let answer: Rendered;
    try {
      answer = await runArmPipeline(exchange);
    } catch (error) {
      answer = renderError(error);
    }
    writeRawAnswer(req, res, answer);
  };
}

/** Koa adapter: build the exchange from the request, run the table, write the answer. */
export function armMiddleware(services: Services): Koa.Middleware {
  return async (ctx) => {
    const exchange: ArmExchange = {
      request: {
        method: ctx.method.toUpperCase(),
        // Names arrive percent-encoded (Unicode, spaces): ARM matches and shows them decoded.
        path: decodePathSegments(ctx.path),
        query: new URLSearchParams(ctx.querystring),
        headers: ctx.headers,
        baseUrl: requestOrigin(ctx),
        readBody: (limit) => readLimited(ctx.req, limit),
      },
      services,
      responseHeaders: {},
      requestId: "",
    };
    const answer = await runArmPipeline(exchange);
    writeAnswer(ctx, answer);
  };
}

export function writeAnswer(ctx: Koa.Context, answer: Rendered): void {
  // Headers first: with its content-type already set, Koa does not sniff the body for one.
  for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
  if (answer.body === undefined) {
    // An explicit null body: Koa would otherwise answer its status text ("Accepted") as the body.
    ctx.body = null;
    ctx.status = answer.status;
  } else {
    ctx.status = answer.status;
    ctx.body = answer.body;
  }
}

async function readLimited(req: Koa.Context["req"], limit: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit });
  } catch (error) {
    if ((error as { type?: string }).type === "entity.too.large") throw armErrors.requestTooLarge(limit);
    throw armErrors.invalidRequestContent((error as Error).message);
  }
}

/** Decodes each path segment on its own (a %2F never becomes a separator); a malformed escape stays as sent. */
function decodePathSegments(path: string): string {
  if (!path.includes("%")) return path;
  return path
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment.replace(/%2F/gi, "%252F"));
      } catch {
        return segment;
      }
    })
    .join("/");
}
