/**
 * Which handler answers a request, and with which of its methods. The rules are written
 * out in contract.ts; this module is their only implementation.
 */
import { armErrors, type ArmPath, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ArmResult, HttpMethod, ResourceTypeHandler } from "./contract.js";
import { PROVIDERS_RESOURCE_TYPE, type HandlerRegistry } from "./handler-registry.js";

export interface Route {
  readonly handler: ResourceTypeHandler;
  /** The type whose api-versions apply (for an action: the type of the instance it is posted to). */
  readonly versionType: string;
  /** The type the path addresses. */
  readonly resourceType: string;
  /** The instance acted on: the resource itself, or the parent of a collection or action. */
  readonly target: ResourceId;
  /** The POST action segment as sent, if any. */
  readonly action: string | undefined;
  /**
   * Which handler method answers: an instance method (get/put/...), a collection `list`, an
   * action posted to an instance (`actions[segment]`, target = that instance), a collection
   * `post` (target = the parent scope), or a provider register/unregister.
   */
  readonly kind: RouteKind;
  invoke(ctx: ArmContext): Promise<ArmResult>;
}

export type RouteKind = "instance" | "list" | "instanceAction" | "collectionPost" | "providerAction";

type Method = (ctx: ArmContext, id: ResourceId) => ArmResult | Promise<ArmResult>;

const PROVIDER_ACTIONS = new Set(["register", "unregister"]);

export function resolveRoute(path: ArmPath, method: HttpMethod, rawPath: string, handlers: HandlerRegistry, apiVersion: string): Route {
  switch (path.kind) {
    case "provider": {
      if (path.parent.kind !== "tenant" && path.parent.kind !== "subscription") throw unknownType(handlers, path.namespace, apiVersion);
      const handler = requireHandler(handlers, PROVIDERS_RESOURCE_TYPE, apiVersion);
      const id = providerNamespaceId(path.parent, path.namespace);
      return instanceRoute(handler, id, method, rawPath);
    }
    case "instance": {
      const id = path.id;
      if (id.resourceType === undefined) throw armErrors.invalidResourceType({ path: rawPath });
      const handler = requireHandler(handlers, id.resourceType, apiVersion);
      return instanceRoute(handler, id, method, rawPath);
    }
    case "collection": {
      const { parent, resourceType, segment } = path;
      if (method === "POST") {
        if (isProviderAction(path)) {
          const handler = requireHandler(handlers, PROVIDERS_RESOURCE_TYPE, apiVersion);
          const id = providerNamespaceId(parent, resourceType.split("/")[0]!);
          const action = findAction(handler, segment);
          if (action === undefined) throw armErrors.methodNotAllowed(method, rawPath);
          return route("providerAction", handler, PROVIDERS_RESOURCE_TYPE, resourceType, id, segment, action);
        }
        const parentHandler = parent.resourceType === undefined ? undefined : lookup(handlers, parent.resourceType);
        const action = parentHandler === undefined ? undefined : findAction(parentHandler, segment);
        if (parentHandler !== undefined && action !== undefined) {
          return route("instanceAction", parentHandler, parent.resourceType!, resourceType, parent, segment, action);
        }
        const handler = lookup(handlers, resourceType);
        if (handler?.post !== undefined)
          return route("collectionPost", handler, versionTypeOf(handler, resourceType), resourceType, parent, segment, handler.post.bind(handler));
        if (handler === undefined && parentHandler === undefined) throw unknownType(handlers, resourceType, apiVersion);
        throw armErrors.methodNotAllowed(method, rawPath);
      }
      const handler = requireHandler(handlers, resourceType, apiVersion);
      if ((method === "GET" || method === "HEAD") && handler.list !== undefined) {
        const list = handler.list.bind(handler);
        return route("list", handler, versionTypeOf(handler, resourceType), resourceType, parent, undefined, method === "HEAD" ? withoutBody(list) : list);
      }
      throw armErrors.methodNotAllowed(method, rawPath);
    }
  }
}

function instanceRoute(handler: ResourceTypeHandler, id: ResourceId, method: HttpMethod, rawPath: string): Route {
  const type = id.resourceType!;
  const pick = (): Method | undefined => {
    switch (method) {
      case "GET":
        return handler.get?.bind(handler);
      case "HEAD":
        if (handler.head !== undefined) return handler.head.bind(handler);
        return handler.get === undefined ? undefined : withoutBody(handler.get.bind(handler));
      case "PUT":
        return handler.put?.bind(handler);
      case "PATCH":
        return handler.patch?.bind(handler);
      case "DELETE":
        return handler.delete?.bind(handler);
      case "POST":
        return undefined;
    }
  };
  const method_ = pick();
  if (method_ === undefined) throw armErrors.methodNotAllowed(method, rawPath);
  return route("instance", handler, versionTypeOf(handler, type), type, id, undefined, method_);
}

function route(
  kind: RouteKind,
  handler: ResourceTypeHandler,
  versionType: string,
  resourceType: string,
  target: ResourceId,
  action: string | undefined,
  run: Method,
): Route {
  return {
    kind,
    handler,
    versionType,
    resourceType,
    target,
    action,
    invoke: async (ctx) => run(ctx, target),
  };
}

/** HEAD answers what GET answers, without the body. */
function withoutBody(run: Method): Method {
  return async (ctx, id) => {
    const result = await run(ctx, id);
    return result.headers === undefined ? { status: result.status } : { status: result.status, headers: result.headers };
  };
}

/** The generic handler serves many types: versions are checked against the type asked for. */
function versionTypeOf(handler: ResourceTypeHandler, requested: string): string {
  return handler.resourceType === "*" ? requested : handler.resourceType;
}

function lookup(handlers: HandlerRegistry, resourceType: string): ResourceTypeHandler | undefined {
  const exact = handlers.find(resourceType);
  if (exact !== undefined) return exact;
  const namespace = resourceType.split("/")[0]!;
  if (handlers.ownsNamespace(namespace) || namespace.toLowerCase() === "microsoft.resources") return undefined;
  return handlers.generic();
}

function requireHandler(handlers: HandlerRegistry, resourceType: string, apiVersion: string): ResourceTypeHandler {
  const handler = lookup(handlers, resourceType);
  if (handler === undefined) throw unknownType(handlers, resourceType, apiVersion);
  return handler;
}

function unknownType(handlers: HandlerRegistry, resourceType: string, apiVersion: string) {
  const [namespace = resourceType, ...rest] = resourceType.split("/");
  const type = rest.length === 0 ? resourceType : rest.join("/");
  if (!handlers.ownsNamespace(namespace) && namespace.toLowerCase() !== "microsoft.resources") {
    return armErrors.noRegisteredProviderFound(apiVersion, type);
  }
  return armErrors.invalidResourceType({ resourceType: type, namespace, apiVersion });
}

function findAction(handler: ResourceTypeHandler, segment: string): Method | undefined {
  if (handler.actions === undefined) return undefined;
  const lower = segment.toLowerCase();
  for (const [name, fn] of Object.entries(handler.actions)) {
    if (name.toLowerCase() === lower) return fn.bind(handler.actions);
  }
  return undefined;
}

/** `/subscriptions/s/providers/{ns}/register` parses as a collection `{ns}/register` under the subscription. */
function isProviderAction(path: Extract<ArmPath, { kind: "collection" }>): boolean {
  return (
    (path.parent.kind === "subscription" || path.parent.kind === "tenant") &&
    path.rest.length === 0 &&
    path.resourceType.split("/").length === 2 &&
    PROVIDER_ACTIONS.has(path.segment.toLowerCase()) &&
    path.resourceType.toLowerCase() !== `microsoft.resources/${path.segment.toLowerCase()}`
  );
}

/** The id of a provider namespace at a scope: `/subscriptions/s/providers/Microsoft.Web` or `/providers/Microsoft.Web`. */
export function providerNamespaceId(parent: ResourceId, namespace: string): ResourceId {
  const id = `${parent.id === "/" ? "" : parent.id}/providers/${namespace}`;
  const fields: ResourceId = {
    id,
    key: id.toLowerCase(),
    kind: "resource",
    namespace,
    resourceType: PROVIDERS_RESOURCE_TYPE,
    name: namespace,
    parent,
    ...(parent.subscriptionId === undefined ? {} : { subscriptionId: parent.subscriptionId }),
  };
  return Object.freeze(fields);
}
