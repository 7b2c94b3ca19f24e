/**
 * The ARM runner: one exchange builder for the three doors into the pipeline (the network's
 * hot path, Koa for embedding, in-process calls from template deployments), each running the
 * steps the table (pipeline.ts) lists for its door. compose.ts builds one per azmi.
 */
import type Koa from "koa";
import type { IncomingMessage } from "node:http";
import type { Services } from "../services.js";
import type { ArmRuntime, InProcessAnswer, InProcessRequest } from "../contract/arm-calls.js";
import type { ArmExchange, ArmRequest } from "./exchange.js";
import type { HandlerRegistry } from "./handler-registry.js";
import { runArmPipeline } from "./pipeline.js";
import { renderError } from "./render.js";
import { writeAnswer, writeRawAnswer, type Rendered } from "../http/answer.js";
import { readBody } from "../http/body.js";
import { originOf, requestOrigin } from "../http/origin.js";

/** `services` is asked for on each request: the runner is built before the Services that hold it. */
export function createArmRunner(services: () => Services, handlers: HandlerRegistry): ArmRuntime {
  const exchangeFor = (request: ArmRequest): ArmExchange => ({ request, services: services(), handlers, responseHeaders: {}, requestId: "" });
  return {
    servedTypes: () => handlers.all(),

    async serve(req, res, path, querystring) {
      let answer: Rendered;
      try {
        answer = await runArmPipeline(exchangeFor(networkRequest(req, path, querystring, originOf(req))), "network");
      } catch (error) {
        answer = renderError(error);
      }
      writeRawAnswer(req, res, answer);
    },

    middleware(): Koa.Middleware {
      return async (ctx) => {
        const answer = await runArmPipeline(exchangeFor(networkRequest(ctx.req, ctx.path, ctx.querystring, requestOrigin(ctx))), "koa");
        writeAnswer(ctx, answer);
      };
    },

    async call(request: InProcessRequest): Promise<InProcessAnswer> {
      const exchange = exchangeFor(inProcessRequest(request));
      exchange.caller = request.caller;
      const rendered = await runArmPipeline(exchange, "in-process");
      let body: unknown;
      if (typeof rendered.body === "string" && rendered.body !== "") {
        try {
          body = JSON.parse(rendered.body);
        } catch {
          body = rendered.body;
        }
      }
      return { status: rendered.status, headers: rendered.headers, body };
    },
  };
}

/** `path`: slashes collapsed and %2F decoded (app.ts); names arrive percent-encoded and ARM matches them decoded. */
function networkRequest(req: IncomingMessage, path: string, querystring: string, baseUrl: string): ArmRequest {
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: decodePathSegments(path),
    query: new URLSearchParams(querystring),
    headers: req.headers,
    baseUrl,
    // A body over the limit or unreadable is the client's fault: render.ts makes it 413 or InvalidRequestContent.
    readBody: (limit) => readBody(req, limit),
  };
}

/** The body goes to the handler as the caller holds it: no JSON text in between. */
function inProcessRequest(request: InProcessRequest): ArmRequest {
  return {
    method: request.method,
    path: request.path,
    query: new URLSearchParams({ ...request.query, "api-version": request.apiVersion }),
    headers: request.correlationId === undefined ? {} : { "x-ms-correlation-request-id": request.correlationId },
    baseUrl: request.baseUrl,
    readBody: async () => Buffer.alloc(0),
    parsedBody: request.body,
  };
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
