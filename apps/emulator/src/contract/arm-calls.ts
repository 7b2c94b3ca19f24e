/**
 * What the rest of azmi may ask of the ARM runner without importing it: the types it serves,
 * and a request sent through the whole pipeline from inside (a template deployment creating
 * its resources). compose.ts builds the runner (arm/runner.ts) and places it in Services.
 */
import type Koa from "koa";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "./caller.js";
import type { HttpMethod } from "../http/method.js";

export interface InProcessRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly apiVersion: string;
  /** Query parameters besides api-version ($filter, $expand ...). */
  readonly query?: Readonly<Record<string, string>>;
  /** The parsed JSON body, handed to the handler as it is; undefined for none. */
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

/** A resource type some provider serves, as the provider declares it. */
export interface ServedType {
  readonly resourceType: string;
  readonly apiVersions: readonly string[];
}

export interface ArmRuntime {
  /** Every type the providers register, in registration order (the generic "*" included). */
  servedTypes(): readonly ServedType[];
  /** Runs a request through the pipeline as a caller already known: the token step is skipped. */
  call(request: InProcessRequest): Promise<InProcessAnswer>;
  /** A request from the network, answered without Koa (the hot path). `path`: slashes collapsed, %2F decoded. */
  serve(req: IncomingMessage, res: ServerResponse, path: string, querystring: string): Promise<void>;
  /** The same pipeline behind Koa (createApp, for embedding). */
  middleware(): Koa.Middleware;
}
