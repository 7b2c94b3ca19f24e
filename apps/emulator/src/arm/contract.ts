/**
 * The contract between the ARM pipeline and the resource providers. The pipeline parses the
 * request (path, api-version, JSON body, caller), runs the cross-cutting steps (RBAC, locks),
 * then hands a ResourceTypeHandler a plain ArmContext; the handler answers an ArmResult or
 * throws an ArmError. Handlers never see Koa.
 */
import type { ArmPath, ResourceId } from "@azmi/arm-core";
import type { Services } from "../services.js";

export type HttpMethod = "GET" | "PUT" | "PATCH" | "DELETE" | "POST" | "HEAD";

export interface Caller {
  /** oid of the token, or a fixed anonymous principal in permissive mode without a token. */
  readonly objectId: string;
  /** appid of the token. */
  readonly clientId: string;
  readonly tenantId: string;
  readonly authenticated: boolean;
}

export interface ArmContext {
  readonly method: HttpMethod;
  readonly path: ArmPath;
  /** The request path as sent, slashes collapsed: echo its casing where Azure does. */
  readonly rawPath: string;
  readonly apiVersion: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** scheme://host[:port] the client used, for nextLink, Location and Azure-AsyncOperation. */
  readonly baseUrl: string;
  readonly caller: Caller;
  readonly requestId: string;
  readonly services: Services;
}

export interface ArmResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type Answer = ArmResult | Promise<ArmResult>;

/** What a resource provider registers for one resource type (full type string, e.g. Microsoft.Web/sites). */
export interface ResourceTypeHandler {
  readonly resourceType: string;
  readonly apiVersions: readonly string[];
  get?(ctx: ArmContext, id: ResourceId): Answer;
  head?(ctx: ArmContext, id: ResourceId): Answer;
  put?(ctx: ArmContext, id: ResourceId): Answer;
  patch?(ctx: ArmContext, id: ResourceId): Answer;
  delete?(ctx: ArmContext, id: ResourceId): Answer;
  /** GET on the collection of this type under `parent`. */
  list?(ctx: ArmContext, parent: ResourceId): Answer;
  /** POST {instance}/{action}, e.g. sites/{name}/publishxml or config/appsettings/list. */
  readonly actions?: Readonly<Record<string, (ctx: ArmContext, id: ResourceId) => Answer>>;
  /** POST on the collection path itself, e.g. /subscriptions/{s}/providers/Microsoft.Web/checknameavailability. */
  post?(ctx: ArmContext, parent: ResourceId): Answer;
}

export interface ResourceProvider {
  readonly namespace: string;
  readonly handlers: readonly ResourceTypeHandler[];
}
