/**
 * An ARM request made from inside azmi (a template deployment creating its resources): it runs
 * the same pipeline as a request from the network, so api-versions, RBAC (strict mode), locks
 * and every provider's validation apply, but as a caller already known (the deployment's),
 * so the token step is skipped.
 */
import type { Services } from "../services.js";
import type { Caller, HttpMethod } from "./contract.js";
import type { ArmExchange } from "./exchange.js";
import { armSteps } from "./pipeline.js";
import { renderError, renderResult, type Rendered } from "./render.js";
import { identifyCaller } from "./steps/caller.js";

export interface InProcessRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly apiVersion: string;
  readonly body?: unknown;
  /** scheme://host[:port] of the original request, for Location headers and nextLinks. */
  readonly baseUrl: string;
  readonly caller: Caller;
  readonly correlationId?: string;
}

export interface InProcessAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body; undefined when there was none. */
  readonly body: unknown;
}

export async function dispatchInProcess(services: Services, request: InProcessRequest): Promise<InProcessAnswer> {
  const text = request.body === undefined ? "" : JSON.stringify(request.body);
  const exchange: ArmExchange = {
    request: {
      method: request.method,
      path: request.path,
      query: new URLSearchParams({ "api-version": request.apiVersion }),
      headers: {
        "content-length": String(Buffer.byteLength(text)),
        ...(request.correlationId === undefined ? {} : { "x-ms-correlation-request-id": request.correlationId }),
      },
      baseUrl: request.baseUrl,
      readBody: async () => Buffer.from(text, "utf8"),
    },
    services,
    responseHeaders: {},
    requestId: "",
  };
  let rendered: Rendered;
  try {
    for (const step of armSteps) {
      if (step.run === identifyCaller) {
        exchange.caller = request.caller;
        continue;
      }
      await step.run(exchange);
    }
    rendered = renderResult(exchange.result!);
  } catch (error) {
    rendered = renderError(error);
  }
  let body: unknown;
  if (typeof rendered.body === "string" && rendered.body !== "") {
    try {
      body = JSON.parse(rendered.body);
    } catch {
      body = rendered.body;
    }
  }
  return { status: rendered.status, headers: rendered.headers, body };
}
