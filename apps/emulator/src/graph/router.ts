/**
 * Microsoft Graph (graph.microsoft.com through the proxy; /v1.0 and /beta on the direct port).
 * The Koa side only: read the request into a plain GraphRequest, dispatch it (routes.ts), and
 * render the answer or the error in Graph's envelope — never ARM's, never HTML, and never a
 * 500 for a client's mistake. Every answer carries request-id and client-request-id.
 */
import type Koa from "koa";
import getRawBody from "raw-body";
import { randomUUID } from "node:crypto";
import { GraphError, graphErrorBody, graphErrors, isGraphError } from "@azmi/graph-odata";
import type { Services } from "../services.js";
import { requestOrigin } from "../request-origin.js";
import { identifyGraphCaller } from "./caller.js";
import { dispatch } from "./dispatch.js";
import { parseSegments, type GraphAnswer, type GraphRequest } from "./request.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const VERSIONS = new Set(["v1.0", "beta"]);

async function readJson(ctx: Koa.Context): Promise<unknown> {
  if (ctx.method === "GET" || ctx.method === "HEAD" || ctx.method === "DELETE") return undefined;
  let raw: string;
  try {
    raw = (await getRawBody(ctx.req, { limit: MAX_BODY_BYTES, encoding: "utf8" })) as string;
  } catch (error) {
    if ((error as { type?: string }).type === "entity.too.large") {
      throw new GraphError(413, "Request_BadRequest", `The request body exceeds the maximum of ${MAX_BODY_BYTES} bytes.`);
    }
    throw graphErrors.badRequest("Unable to read JSON request payload.");
  }
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw graphErrors.badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
  }
}

async function graphRequest(ctx: Koa.Context, services: Services): Promise<GraphRequest> {
  const slash = ctx.path.indexOf("/", 1);
  const version = slash === -1 ? ctx.path.slice(1) : ctx.path.slice(1, slash);
  if (!VERSIONS.has(version.toLowerCase())) {
    throw new GraphError(400, "BadRequest", `Invalid version: ${version === "" ? "(none)" : version}`);
  }
  const path = slash === -1 ? "" : ctx.path.slice(slash + 1);
  const caller = await identifyGraphCaller(services, ctx.get("authorization") || undefined);
  return {
    method: ctx.method.toUpperCase(),
    version,
    segments: parseSegments(path),
    path,
    query: new URLSearchParams(ctx.querystring),
    body: await readJson(ctx),
    consistencyLevel: ctx.get("consistencylevel") || undefined,
    serviceRoot: `${requestOrigin(ctx)}/${version}`,
    caller,
    services,
  };
}

function render(ctx: Koa.Context, answer: GraphAnswer): void {
  ctx.status = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
  if (answer.text !== undefined) {
    ctx.type = "text/plain; charset=utf-8";
    ctx.body = answer.text;
  } else if (answer.body !== undefined) {
    ctx.type = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
    ctx.body = answer.body;
  } else {
    ctx.body = null;
    ctx.status = answer.status;
  }
}

export function graphMiddleware(services: Services): Koa.Middleware {
  return async (ctx) => {
    const requestId = randomUUID();
    const clientRequestId = ctx.get("client-request-id") || requestId;
    ctx.set("request-id", requestId);
    ctx.set("client-request-id", clientRequestId);
    try {
      render(ctx, dispatch(await graphRequest(ctx, services)));
    } catch (error) {
      const graphError = isGraphError(error) ? error : new GraphError(500, "UnknownError", "An internal server error occurred.");
      if (!isGraphError(error)) console.error("azmi graph: unexpected error", error);
      ctx.status = graphError.status;
      ctx.type = "application/json; charset=utf-8";
      ctx.body = graphErrorBody(graphError, requestId, clientRequestId);
    }
  };
}
