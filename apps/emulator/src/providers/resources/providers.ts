/**
 * Microsoft.Resources/providers: list, get, register and unregister resource provider
 * namespaces at subscription scope (`/subscriptions/{s}/providers[/{ns}[/register]]`) and
 * tenant scope (`/providers[/{ns}]`).
 *
 * What is listed: every namespace a handler serves (with its resource types and their
 * api-versions, from the dispatch table) and the well-known namespaces of namespaces.ts.
 * Every namespace is Registered unless the user unregistered it. Registration is a label
 * only: azmi serves a namespace's requests whatever its state, because the generic provider
 * serves every namespace. `register` of any well-formed namespace answers it Registered at
 * once (so azurerm's poller is satisfied on its first read) and lists it from then on;
 * `unregister` answers it NotRegistered, which GET and list then show until it is registered
 * again. A namespace that is not `A.B`-shaped is 404 InvalidResourceNamespace.
 */
import { AZURE_REGIONS, armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { pagedList } from "./list-answer.js";
import { DEFAULT_GENERIC_API_VERSIONS, GENERIC_RESOURCE_TYPES } from "./generic-types.js";
import { isWellFormedNamespace, WELL_KNOWN_NAMESPACES } from "./namespaces.js";
import { requireSubscription } from "./scope-checks.js";

type RegistrationState = "Registered" | "NotRegistered";

interface Registration {
  readonly namespace: string;
  readonly state: RegistrationState;
}

const COLLECTION = "providerRegistrations";
// Types whose resources have no region (extension and Resource Manager types) list no locations.
const GLOBAL_NAMESPACES = new Set(["microsoft.authorization", "microsoft.resources"]);
const REGION_NAMES = AZURE_REGIONS.map((r) => r.displayName);

const registrationKey = (subscriptionId: string, namespace: string) => `${subscriptionId.toLowerCase()}|${namespace.toLowerCase()}`;

function registrationOf(ctx: ArmContext, subscriptionId: string, namespace: string): Registration | undefined {
  return ctx.services.store.get<Registration>(COLLECTION, registrationKey(subscriptionId, namespace));
}

interface NamespaceTypes {
  namespace: string;
  /** lower-case type → the type in display casing and its api-versions. */
  types: Map<string, { type: string; apiVersions: readonly string[] }>;
}

/**
 * The resource types served, by namespace (lower-case key): the types of the dedicated
 * handlers, the generic types of generic-types.ts, and the types of generic resources stored
 * in the subscription.
 */
function servedTypes(ctx: ArmContext, subscriptionId: string | undefined): Map<string, NamespaceTypes> {
  const out = new Map<string, NamespaceTypes>();
  const add = (fullType: string, apiVersions: readonly string[]) => {
    const slash = fullType.indexOf("/");
    if (slash < 0) return;
    const namespace = fullType.slice(0, slash);
    const type = fullType.slice(slash + 1);
    let entry = out.get(namespace.toLowerCase());
    if (entry === undefined) out.set(namespace.toLowerCase(), (entry = { namespace, types: new Map() }));
    if (!entry.types.has(type.toLowerCase())) entry.types.set(type.toLowerCase(), { type, apiVersions });
  };
  for (const handler of ctx.services.arm.servedTypes()) add(handler.resourceType, handler.apiVersions);
  for (const [namespace, types] of Object.entries(GENERIC_RESOURCE_TYPES)) {
    for (const [type, apiVersions] of Object.entries(types)) add(`${namespace}/${type}`, apiVersions);
  }
  if (subscriptionId !== undefined) {
    for (const resource of ctx.services.resources.listInSubscription(subscriptionId)) add(resource.type, DEFAULT_GENERIC_API_VERSIONS);
  }
  return out;
}

/** Every namespace listed at a scope, in display casing, keyed lower-case. */
function listedNamespaces(ctx: ArmContext, subscriptionId: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const ns of WELL_KNOWN_NAMESPACES) out.set(ns.toLowerCase(), ns);
  for (const [key, served] of servedTypes(ctx, subscriptionId)) if (!out.has(key)) out.set(key, served.namespace);
  if (subscriptionId !== undefined) {
    const prefix = `${subscriptionId.toLowerCase()}|`;
    for (const { value } of ctx.services.store.list<Registration>(COLLECTION, { prefix })) {
      if (!out.has(value.namespace.toLowerCase())) out.set(value.namespace.toLowerCase(), value.namespace);
    }
  }
  return out;
}

function displayNamespace(ctx: ArmContext, subscriptionId: string | undefined, namespace: string): string {
  return listedNamespaces(ctx, subscriptionId).get(namespace.toLowerCase()) ?? namespace;
}

function providerBody(ctx: ArmContext, scope: ResourceId, namespace: string, types = servedTypes(ctx, scope.subscriptionId)) {
  const served = types.get(namespace.toLowerCase());
  const locations = GLOBAL_NAMESPACES.has(namespace.toLowerCase()) ? [] : REGION_NAMES;
  const resourceTypes = [...(served?.types.values() ?? [])]
    .map(({ type, apiVersions }) => ({ resourceType: type, locations, apiVersions: [...apiVersions], capabilities: "None" }))
    .sort((a, b) => a.resourceType.localeCompare(b.resourceType));
  const prefix = scope.kind === "subscription" ? `/subscriptions/${scope.subscriptionId}` : "";
  const body: Record<string, unknown> = { id: `${prefix}/providers/${namespace}`, namespace };
  if (scope.kind === "subscription") {
    body.registrationState = registrationOf(ctx, scope.subscriptionId!, namespace)?.state ?? "Registered";
    body.registrationPolicy = "RegistrationRequired";
  }
  body.resourceTypes = resourceTypes;
  return body;
}

/** The scope a provider request addresses (tenant root or a subscription azmi serves). */
function scopeOf(ctx: ArmContext, scope: ResourceId): ResourceId {
  if (scope.kind === "subscription") requireSubscription(ctx, scope.subscriptionId);
  return scope;
}

function namespaceOf(id: ResourceId): string {
  const namespace = id.name ?? "";
  if (!isWellFormedNamespace(namespace)) throw armErrors.invalidResourceNamespace(namespace);
  return namespace;
}

function setRegistration(ctx: ArmContext, id: ResourceId, state: RegistrationState): ArmResult {
  const scope = scopeOf(ctx, id.parent!);
  const asked = namespaceOf(id);
  const namespace = displayNamespace(ctx, scope.subscriptionId, asked);
  if (scope.kind === "subscription") {
    ctx.services.store.put<Registration>(COLLECTION, registrationKey(scope.subscriptionId!, namespace), { namespace, state });
  }
  return { status: 200, body: providerBody(ctx, scope, namespace) };
}

export const providersHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/providers",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx, parent) {
    const scope = scopeOf(ctx, parent);
    const namespaces = [...listedNamespaces(ctx, scope.subscriptionId).values()];
    const types = servedTypes(ctx, scope.subscriptionId);
    return pagedList(
      ctx,
      namespaces,
      (ns) => ns.toLowerCase(),
      (ns) => providerBody(ctx, scope, ns, types),
    );
  },
  get(ctx, id) {
    const scope = scopeOf(ctx, id.parent!);
    const namespace = displayNamespace(ctx, scope.subscriptionId, namespaceOf(id));
    return { status: 200, body: providerBody(ctx, scope, namespace) };
  },
  actions: {
    register: (ctx, id) => setRegistration(ctx, id, "Registered"),
    unregister: (ctx, id) => setRegistration(ctx, id, "NotRegistered"),
  },
};
