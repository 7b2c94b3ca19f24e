/**
 * One ARM request on its way through the pipeline. Each step reads what earlier steps
 * filled in and adds its own part; nothing here knows Koa.
 */
import type { ArmPath } from "@azmi/arm-core";
import type { IncomingHttpHeaders } from "node:http";
import type { Services } from "../services.js";
import type { Caller } from "../contract/caller.js";
import type { ArmResult } from "./contract.js";
import type { Route } from "./dispatch.js";
import type { HandlerRegistry } from "./handler-registry.js";

export interface ArmRequest {
  /** Upper-case HTTP method as sent. */
  readonly method: string;
  /** Path as sent, repeated slashes collapsed. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** scheme://host[:port] the client used. */
  readonly baseUrl: string;
  /** Reads the raw body; rejects past `limitBytes` (render.ts makes that a 413). */
  readonly readBody: (limitBytes: number) => Promise<Buffer>;
  /** An in-process request's body, already parsed: the body step takes it as it is. */
  readonly parsedBody?: unknown;
}

export interface ArmExchange {
  readonly request: ArmRequest;
  readonly services: Services;
  /** The dispatch table the route step looks the request up in. */
  readonly handlers: HandlerRegistry;
  /** Headers every answer carries (request ids, rate limits), success or error. */
  readonly responseHeaders: Record<string, string>;
  requestId: string;
  parsedPath?: ArmPath;
  apiVersion?: string;
  route?: Route;
  body?: unknown;
  caller?: Caller;
  result?: ArmResult;
}

/** A pipeline step: reads and fills the exchange, or throws an ArmError that ends the request. */
export type ArmStep = (exchange: ArmExchange) => void | Promise<void>;
