/**
 * The contract between the ARM pipeline and the resource providers. The pipeline parses the
 * request (path, api-version, JSON body, caller), runs the cross-cutting steps (RBAC, locks),
 * then hands a ResourceTypeHandler a plain ArmContext; the handler answers an ArmResult or
 * throws an ArmError. Handlers never see Koa.
 */
import type { ArmPath, ResourceId } from "@azmi/arm-core";
import type { ConditionAttributes, ScopedRequirement } from "@azmi/rbac";
import type { Caller } from "../contract/caller.js";
import type { HttpMethod } from "../http/method.js";
import type { Services } from "../services.js";

export type { Caller } from "../contract/caller.js";
export type { HttpMethod } from "../http/method.js";

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
  /**
   * Parses the request body text instead of JSON.parse (for this type's instances and the
   * actions posted to them). Deployments use it: az sends templates as lenient JSON (comments,
   * an unquoted `template:` key). Throw an ArmError for a body that cannot be read.
   */
  parseBody?(text: string): unknown;
  /**
   * Strict mode: true when this caller may perform the request without a role allowing its
   * action (a principal polling the operation it started). Asked before RBAC.
   */
  allowsWithoutRole?(request: RoleFreeRequest): boolean;
  /**
   * What the request needs besides its own action at the scope it was sent to (a custom role's
   * change needs the right at every scope the role is assignable at). Asked after that action
   * is allowed; decided in strict mode, explained in permissive mode.
   */
  furtherRequirements?(request: FurtherRequest): readonly ScopedRequirement[];
  /**
   * What the request offers to the conditions of the caller's role assignments (a role
   * assignment's role, principal and principal type). Without it, a condition that asks for an
   * attribute does not hold.
   */
  conditionAttributes?(request: FurtherRequest): ConditionAttributes;
}

/** What furtherRequirements is told about a request. */
export interface FurtherRequest {
  readonly services: Services;
  readonly method: HttpMethod;
  /** The instance the request addresses. */
  readonly target: ResourceId;
  readonly body: unknown;
}

/** What allowsWithoutRole is told about a request. */
export interface RoleFreeRequest {
  readonly services: Services;
  readonly path: ArmPath;
  readonly callerObjectId: string;
}

export interface ResourceProvider {
  /** The namespace this provider owns. Types of an owned namespace with no handler answer InvalidResourceType. */
  readonly namespace: string;
  readonly handlers: readonly ResourceTypeHandler[];
}

/*
 * How dispatch (arm/dispatch.ts) reaches handlers. Types are matched case-insensitively.
 *
 * - instance path (`.../sites/x`, `/subscriptions/s`, `/subscriptions/s/resourceGroups/rg`)
 *     → find(id.resourceType).get|head|put|patch|delete(ctx, id). HEAD without `head` runs `get`
 *       and drops the body.
 * - GET on a collection (`.../providers/Microsoft.Web/sites`, `/subscriptions/s/locations`,
 *   `/subscriptions/s/resourcegroups/rg/resources`) → find(resourceType).list(ctx, parent).
 *   Keyword collections under a scope get type `Microsoft.Resources/{segment}` (locations,
 *   resources, tenants, subscriptions, resourceGroups).
 * - POST on a collection path: first find(parent.resourceType).actions[segment] (segment
 *   matched case-insensitively: `sites/x/publishxml`, `sites/x/config/appsettings/list`,
 *   `resourceGroups/rg/exportTemplate`), else find(resourceType).post(ctx, parent)
 *   (`/subscriptions/s/providers/Microsoft.Web/checknameavailability`).
 * - provider namespaces, all to the handler registered for "Microsoft.Resources/providers":
 *     GET  /providers, /subscriptions/s/providers                  → list(ctx, parent scope)
 *     GET  /providers/{ns}, /subscriptions/s/providers/{ns}         → get(ctx, nsId)
 *     POST /subscriptions/s/providers/{ns}/register|unregister      → actions.register|unregister(ctx, nsId)
 *   where nsId is a ResourceId with resourceType "Microsoft.Resources/providers", name = the
 *   namespace as sent, id `/subscriptions/s/providers/{ns}` (or `/providers/{ns}`), parent = the scope.
 * - a type with no handler whose namespace no provider owns → the handler registered for
 *   resourceType "*" (the generic provider), same methods as above.
 * - otherwise 404 InvalidResourceType (owned namespace) or 400 NoRegisteredProviderFound.
 * - a handler without the method asked → 405 MethodNotAllowed.
 * The api-version is checked against the type of the handler that answers (for an action:
 * the parent's type); unregistered types accept any well-formed version.
 */
