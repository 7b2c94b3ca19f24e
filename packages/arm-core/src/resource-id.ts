/**
 * Resource ids and scopes. ARM compares ids case-insensitively but shows a resource with the
 * casing it was created with, so every parsed id carries both: `id` for display and `key`
 * (lower case) for equality and storage.
 */
import { armErrors, type ArmError } from "./errors.js";

export type ScopeKind = "tenant" | "managementGroup" | "subscription" | "resourceGroup" | "resource";

export interface ResourceId {
  /** Normalized id in the caller's casing (keywords in ARM's canonical casing). "/" for the tenant root. */
  readonly id: string;
  /** Lower-case id: the equality and storage key. */
  readonly key: string;
  readonly kind: ScopeKind;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly managementGroupId?: string;
  /** Namespace of the resource's own provider, e.g. Microsoft.Web. */
  readonly namespace?: string;
  /** Full type, e.g. Microsoft.Web/sites/config, Microsoft.Resources/resourceGroups. */
  readonly resourceType?: string;
  /** Last name segment. */
  readonly name?: string;
  /** Enclosing scope; absent only for the tenant root. */
  readonly parent?: ResourceId;
}

/** What a request path addresses: one instance, a collection (or action) under a scope, or a provider namespace. */
export type ArmPath =
  | { readonly kind: "instance"; readonly id: ResourceId }
  | {
      readonly kind: "collection";
      readonly parent: ResourceId;
      /** Full type of the collection's items, e.g. Microsoft.Web/sites or Microsoft.Resources/resourceGroups. */
      readonly resourceType: string;
      /** The last path segment as sent (a collection name, or an action name on POST). */
      readonly segment: string;
      /** Segments after a builtin keyword such as `locations`, rarely used. */
      readonly rest: readonly string[];
    }
  | { readonly kind: "provider"; readonly parent: ResourceId; readonly namespace: string };

export const TENANT_ROOT: ResourceId = Object.freeze({ id: "/", key: "/", kind: "tenant" as const });

const eq = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Splits a path into segments, collapsing repeated slashes and dropping a trailing one. */
export function pathSegments(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function make(parent: ResourceId, suffix: string, fields: Omit<ResourceId, "id" | "key" | "parent">): ResourceId {
  const id = (parent.id === "/" ? "" : parent.id) + suffix;
  return Object.freeze({ ...fields, id, key: id.toLowerCase(), parent });
}

export function subscriptionScope(subscriptionId: string): ResourceId {
  return make(TENANT_ROOT, `/subscriptions/${subscriptionId}`, {
    kind: "subscription",
    subscriptionId,
    resourceType: "Microsoft.Resources/subscriptions",
    name: subscriptionId,
  });
}

export function resourceGroupScope(subscriptionId: string, resourceGroup: string): ResourceId {
  return childOfSubscription(subscriptionScope(subscriptionId), resourceGroup);
}

function childOfSubscription(sub: ResourceId, resourceGroup: string): ResourceId {
  return make(sub, `/resourceGroups/${resourceGroup}`, {
    kind: "resourceGroup",
    subscriptionId: sub.subscriptionId!,
    resourceGroup,
    resourceType: "Microsoft.Resources/resourceGroups",
    name: resourceGroup,
  });
}

/**
 * Group scopes already made, by id as given: every RBAC question walks from a subscription up
 * through its groups, so the same few are asked for on every request. A ResourceId is frozen,
 * so one can be handed out again; the map starts over past a bound (ids come from requests).
 */
const groupScopes = new Map<string, ResourceId>();
const GROUP_SCOPES_KEPT = 1024;

export function managementGroupScope(managementGroupId: string): ResourceId {
  let scope = groupScopes.get(managementGroupId);
  if (scope === undefined) {
    if (groupScopes.size >= GROUP_SCOPES_KEPT) groupScopes.clear();
    scope = make(TENANT_ROOT, `/providers/Microsoft.Management/managementGroups/${managementGroupId}`, {
      kind: "managementGroup",
      managementGroupId,
      namespace: "Microsoft.Management",
      resourceType: "Microsoft.Management/managementGroups",
      name: managementGroupId,
    });
    groupScopes.set(managementGroupId, scope);
  }
  return scope;
}

/** A resource under `parent`: a new provider chain (`/providers/ns/type/name`) unless parent is a resource of the same chain. */
export function resourceUnder(parent: ResourceId, namespace: string, type: string, name: string): ResourceId {
  return make(parent, `/providers/${namespace}/${type}/${name}`, {
    ...inherited(parent),
    kind: "resource",
    namespace,
    resourceType: `${namespace}/${type}`,
    name,
  });
}

/**
 * A child resource: `{parent}/{childType}/{name}` within the parent's provider chain. A management
 * group is itself a Microsoft.Management resource, so it may have children too
 * (e.g. managementGroups/{mg}/subscriptions/{s}).
 */
export function childResource(parent: ResourceId, childType: string, name: string): ResourceId {
  if ((parent.kind !== "resource" && parent.kind !== "managementGroup") || parent.resourceType === undefined) {
    throw new Error(`childResource needs a resource parent, got ${parent.kind}`);
  }
  return make(parent, `/${childType}/${name}`, {
    ...inherited(parent),
    kind: "resource",
    namespace: parent.namespace!,
    resourceType: `${parent.resourceType}/${childType}`,
    name,
  });
}

function inherited(parent: ResourceId): Pick<ResourceId, "subscriptionId" | "resourceGroup" | "managementGroupId"> {
  const out: { subscriptionId?: string; resourceGroup?: string; managementGroupId?: string } = {};
  if (parent.subscriptionId !== undefined) out.subscriptionId = parent.subscriptionId;
  if (parent.resourceGroup !== undefined) out.resourceGroup = parent.resourceGroup;
  if (parent.managementGroupId !== undefined) out.managementGroupId = parent.managementGroupId;
  return out;
}

function invalid(path: string, why: string): ArmError {
  return armErrors.malformedResourceId(path, why);
}

/**
 * Parses any ARM path: tenant root, management groups, subscriptions, resource groups,
 * resources with any depth of child types, and extension resources on any scope.
 */
/**
 * Parsed paths, by path: a client polls the same few ids over and over, and parsing one builds a
 * chain of frozen scopes. Results are frozen, so sharing them is safe; the map is emptied when it
 * fills up, so that hostile or one-off paths cannot make it grow.
 */
const parsedPaths = new Map<string, ArmPath>();
const PARSED_PATHS_KEPT = 4096;

export function parseArmPath(path: string): ArmPath {
  const cached = parsedPaths.get(path);
  if (cached !== undefined) return cached;
  const parsed = parsePath(path);
  if (parsed.kind === "collection") Object.freeze(parsed.rest);
  Object.freeze(parsed);
  if (parsedPaths.size >= PARSED_PATHS_KEPT) parsedPaths.clear();
  parsedPaths.set(path, parsed);
  return parsed;
}

function parsePath(path: string): ArmPath {
  const s = pathSegments(path);
  let cur: ResourceId = TENANT_ROOT;
  let i = 0;
  const collection = (parent: ResourceId, resourceType: string, segment: string, rest: string[] = []): ArmPath => ({
    kind: "collection",
    parent,
    resourceType,
    segment,
    rest,
  });

  if (s.length === 0) return { kind: "instance", id: TENANT_ROOT };

  if (eq(s[0], "subscriptions")) {
    if (s.length === 1) return collection(TENANT_ROOT, "Microsoft.Resources/subscriptions", s[0]!);
    cur = subscriptionScope(s[1]!);
    i = 2;
    if (i < s.length && eq(s[i], "resourceGroups")) {
      if (i + 1 >= s.length) return collection(cur, "Microsoft.Resources/resourceGroups", s[i]!);
      cur = childOfSubscription(cur, s[i + 1]!);
      i += 2;
    }
  }

  while (i < s.length) {
    const seg = s[i]!;
    if (!eq(seg, "providers")) {
      if (cur.kind === "resource") throw invalid(path, `unexpected segment '${seg}'`);
      return collection(cur, `Microsoft.Resources/${seg}`, seg, s.slice(i + 1));
    }
    const namespace = s[i + 1];
    if (namespace === undefined) return collection(cur, "Microsoft.Resources/providers", seg);
    if (i + 2 >= s.length) return { kind: "provider", parent: cur, namespace };

    // One provider chain: type/name pairs until the next `providers` keyword that starts an extension.
    let j = i + 2;
    let first = true;
    while (j < s.length && !eq(s[j], "providers")) {
      const type = s[j]!;
      const name = s[j + 1];
      const resourceType = first ? `${namespace}/${type}` : `${cur.resourceType}/${type}`;
      if (name === undefined) return collection(cur, resourceType, type);
      if (first && cur.kind === "tenant" && eq(namespace, "Microsoft.Management") && eq(type, "managementGroups")) {
        cur = managementGroupScope(name);
      } else {
        cur = first ? resourceUnder(cur, namespace, type, name) : childResource(cur, type, name);
      }
      first = false;
      j += 2;
    }
    i = j;
  }
  return { kind: "instance", id: cur };
}

/** Parses a path that must name one instance (a scope or a resource). */
export function parseResourceId(id: string): ResourceId {
  const parsed = parseArmPath(id);
  if (parsed.kind !== "instance") throw invalid(id, "it does not name a single resource or scope");
  return parsed.id;
}

/** Every enclosing scope, nearest first, ending with the tenant root. */
export function ancestors(scope: ResourceId): ResourceId[] {
  const out: ResourceId[] = [];
  for (let p = scope.parent; p !== undefined; p = p.parent) out.push(p);
  return out;
}

/** The scope itself followed by its ancestors. */
export function scopeChain(scope: ResourceId): ResourceId[] {
  return [scope, ...ancestors(scope)];
}

export function sameId(a: string, b: string): boolean {
  return normalizeKey(a) === normalizeKey(b);
}

/** The lower-case storage key for any id string, with slashes collapsed. */
export function normalizeKey(id: string): string {
  const segs = pathSegments(id);
  return segs.length === 0 ? "/" : `/${segs.join("/")}`.toLowerCase();
}

/** True when `inner` is `outer` or lies beneath it. */
export function isAtOrBelow(inner: ResourceId | string, outer: ResourceId | string): boolean {
  const a = typeof inner === "string" ? normalizeKey(inner) : inner.key;
  const b = typeof outer === "string" ? normalizeKey(outer) : outer.key;
  return b === "/" || a === b || a.startsWith(`${b}/`);
}
