/**
 * Microsoft Graph (graph.microsoft.com through the proxy; /v1.0 and /beta on the direct port),
 * as a table of steps over one exchange: read the request into a plain GraphRequest, find its
 * route, authorize it (authorization.ts), dispatch it (routes.ts), and render the answer or the error in Graph's envelope — never ARM's, never
 * HTML, and never a 500 for a client's mistake. Every answer carries request-id and client-request-id.
 */
import type Koa from "koa";
import { MAX_JSON_DEPTH, tooDeepAt } from "@azmi/arm-core";
import { randomUUID } from "node:crypto";
import { GraphError, graphErrorBody, graphErrors, isGraphError } from "@azmi/graph-odata";
import { isStoreUnavailable } from "@azmi/arm-core";
import type { Services } from "../services.js";
import { BodyReadError, readBodyText } from "../http/body.js";
import { requestOrigin } from "../http/origin.js";
import { identifyGraphCaller, type GraphCaller } from "./caller.js";
import { authorizeGraphRequest } from "./authorization.js";
import { dispatch, matchRoute, type MatchedRoute } from "./dispatch.js";
import { parseSegments, type GraphAnswer, type GraphRequest } from "./request.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const VERSIONS = new Set(["v1.0", "beta"]);

interface GraphExchange {
  readonly ctx: Koa.Context;
  readonly services: Services;
  requestId: string;
  clientRequestId: string;
  version?: string;
  /** The path below the version, as sent (no leading slash). */
  path?: string;
  caller?: GraphCaller;
  body?: unknown;
  request?: GraphRequest;
  route?: MatchedRoute;
  answer?: GraphAnswer;
}

type GraphStep = (exchange: GraphExchange) => void | Promise<void>;

export const graphSteps: ReadonlyArray<{ readonly name: string; readonly run: GraphStep }> = [
  { name: "request ids", run: assignRequestIds },
  { name: "version (v1.0 or beta)", run: readVersion },
  { name: "caller identity from the bearer token", run: identifyCaller },
  { name: "JSON body (4 MB max)", run: readJsonBody },
  { name: "route (400 unknown segment, 405 method)", run: findRoute },
  { name: "authorization (graph-operations.ts; 403 in strict mode)", run: authorize },
  { name: "handler", run: callRoute },
];

function assignRequestIds(exchange: GraphExchange): void {
  exchange.requestId = randomUUID();
  exchange.clientRequestId = exchange.ctx.get("client-request-id") || exchange.requestId;
  exchange.ctx.set("request-id", exchange.requestId);
  exchange.ctx.set("client-request-id", exchange.clientRequestId);
}

function readVersion(exchange: GraphExchange): void {
  const path = exchange.ctx.path;
  const slash = path.indexOf("/", 1);
  const version = slash === -1 ? path.slice(1) : path.slice(1, slash);
  if (!VERSIONS.has(version.toLowerCase())) {
    throw new GraphError(400, "BadRequest", `Invalid version: ${version === "" ? "(none)" : version}`);
  }
  exchange.version = version;
  exchange.path = slash === -1 ? "" : path.slice(slash + 1);
}

async function identifyCaller(exchange: GraphExchange): Promise<void> {
  exchange.caller = await identifyGraphCaller(exchange.services, exchange.ctx.get("authorization") || undefined, requestOrigin(exchange.ctx));
}

async function readJsonBody(exchange: GraphExchange): Promise<void> {
  const { ctx } = exchange;
  if (ctx.method === "GET" || ctx.method === "HEAD" || ctx.method === "DELETE") return;
  let raw: string;
  try {
    raw = await readBodyText(ctx.req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyReadError && error.tooLarge) {
      throw new GraphError(413, "Request_BadRequest", `The request body exceeds the maximum of ${MAX_BODY_BYTES} bytes.`);
    }
    throw graphErrors.badRequest("Unable to read JSON request payload.");
  }
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw graphErrors.badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
  }
  if (tooDeepAt(body, MAX_JSON_DEPTH) !== undefined) {
    throw graphErrors.badRequest(`Unable to read JSON request payload: it nests deeper than the maximum of ${MAX_JSON_DEPTH} levels.`);
  }
  exchange.body = body;
}

function findRoute(exchange: GraphExchange): void {
  const { ctx, version, path } = exchange;
  exchange.request = {
    method: ctx.method.toUpperCase(),
    version: version!,
    segments: parseSegments(path!),
    path: path!,
    query: new URLSearchParams(ctx.querystring),
    body: exchange.body,
    consistencyLevel: ctx.get("consistencylevel") || undefined,
    serviceRoot: `${requestOrigin(ctx)}/${version!}`,
    caller: exchange.caller!,
    services: exchange.services,
  };
  exchange.route = matchRoute(exchange.request);
}

function authorize(exchange: GraphExchange): void {
  const headers: Record<string, string> = {};
  try {
    authorizeGraphRequest(exchange.request!, exchange.route!, headers);
  } finally {
    for (const [name, value] of Object.entries(headers)) exchange.ctx.set(name, value);
  }
}

function callRoute(exchange: GraphExchange): void {
  exchange.answer = dispatch(exchange.request!, exchange.route!);
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

function renderFailure(exchange: GraphExchange, error: unknown): void {
  const { ctx } = exchange;
  // The database behind a shared store is out of reach: retryable, not a bug.
  const unavailable = isStoreUnavailable(error);
  if (unavailable) ctx.set("Retry-After", String(error.retryAfterSeconds));
  const graphError = isGraphError(error)
    ? error
    : unavailable
      ? new GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable: azmi cannot reach its database. Retry the request later.")
      : new GraphError(500, "UnknownError", "An internal server error occurred.");
  if (!isGraphError(error) && !unavailable) console.error("azmi graph: unexpected error", error);
  ctx.status = graphError.status;
  ctx.type = "application/json; charset=utf-8";
  ctx.body = graphErrorBody(graphError, exchange.requestId, exchange.clientRequestId);
}

export function graphMiddleware(services: Services): Koa.Middleware {
  return async (ctx) => {
    const exchange: GraphExchange = { ctx, services, requestId: "", clientRequestId: "" };
    try {
      for (const step of graphSteps) await step.run(exchange);
      render(ctx, exchange.answer!);
    } catch (error) {
      renderFailure(exchange, error);
    }
  };
}
