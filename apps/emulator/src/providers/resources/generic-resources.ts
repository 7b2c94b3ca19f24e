/**
 * The generic provider (resource type "*"): any `{namespace}/{type}[/{child}/{name}...]` of a
 * namespace no dedicated provider owns, stored as given in ARM's envelope
 * (@azmi/arm-core generic-resources.ts). PUT 201/200, GET, PATCH, DELETE (children go too,
 * then `scopeDeleted`), and GET on a type's collection lists that type in the group, the
 * subscription, or under the parent resource. A resource needs its group
 * (ResourceGroupNotFound) and, for a child, its parent (ParentResourceNotFound).
 */
import {
  armErrors,
  genericResourceBody,
  genericResourceFromPatch,
  genericResourcePatch,
  genericResourceFromPut,
  isExtensionResource,
  parseResourceId,
  resourceGroupScope,
  type GenericResource,
  type ResourceId,
  type TrackedResource,
  checkResourceName,
} from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { completeIdentity, type IdentityBlock } from "../identity-block.js";
import { actorOf } from "../actor.js";
import { pagedList } from "./list-answer.js";
import { requireSubscription } from "./scope-checks.js";

function notFound(id: ResourceId) {
  return armErrors.resourceNotFound(id.resourceType ?? "", id.name ?? "", id.resourceGroup);
}

/** The subscription and group of `scope` exist; answers the group scope, if any. */
function requireEnclosingScopes(ctx: ArmContext, scope: ResourceId): void {
  if (scope.subscriptionId !== undefined) requireSubscription(ctx, scope.subscriptionId);
  if (scope.subscriptionId !== undefined && scope.resourceGroup !== undefined) {
    ctx.services.resourceGroups.require(resourceGroupScope(scope.subscriptionId, scope.resourceGroup));
  }
}

/** The parent of a child or extension resource must exist. */
function requireParent(ctx: ArmContext, id: ResourceId): void {
  const parent = id.parent;
  if (parent === undefined || parent.kind !== "resource") return;
  if (ctx.services.resources.get(parent) !== undefined) return;
  if (isExtensionResource(id)) throw notFound(parent);
  throw armErrors.parentResourceNotFound(parent.id.slice(parent.id.indexOf("/providers/") + "/providers/".length));
}

function existing(ctx: ArmContext, id: ResourceId): GenericResource {
  requireEnclosingScopes(ctx, id);
  const found = ctx.services.resources.get<GenericResource>(id);
  if (found === undefined) throw notFound(id);
  return found;
}

function identityOf(resource: TrackedResource | undefined): IdentityBlock | undefined {
  const identity = resource?.identity;
  return identity !== null && typeof identity === "object" ? (identity as IdentityBlock) : undefined;
}

export const genericResourcesHandler: ResourceTypeHandler = {
  resourceType: "*",
  apiVersions: [],
  put(ctx, id) {
    checkResourceName(id.name!, id.resourceType!);
    requireEnclosingScopes(ctx, id);
    requireParent(ctx, id);
    const body = genericResourceBody.parse(ctx.body ?? {});
    const { services } = ctx;
    return services.store.transaction(() => {
      const previous = services.resources.get<GenericResource>(id);
      const identity = completeIdentity(ctx, id, body.identity, identityOf(previous));
      const doc = genericResourceFromPut(
        { ...body, identity: identity === undefined ? undefined : { ...identity } },
        {
          id,
          previous,
          actor: actorOf(ctx),
          now: new Date().toISOString(),
          // Tracked resources live in groups; child, extension and subscription-level ones are proxies without a location.
          locationRequired: id.parent?.kind === "resourceGroup",
        },
      );
      services.resources.put(id, doc);
      return { status: previous === undefined ? 201 : 200, body: doc };
    });
  },
  get(ctx, id) {
    return { status: 200, body: existing(ctx, id) };
  },
  patch(ctx, id) {
    const patch = genericResourcePatch.parse(ctx.body ?? {});
    const { services } = ctx;
    return services.store.transaction(() => {
      const previous = existing(ctx, id);
      let effective = patch;
      if (patch.identity !== undefined) {
        const identity = completeIdentity(ctx, id, patch.identity, identityOf(previous));
        effective = { ...patch, identity: identity === undefined ? null : { ...identity } };
      }
      const doc = genericResourceFromPatch(previous, effective, { id, actor: actorOf(ctx), now: new Date().toISOString() });
      services.resources.put(id, doc);
      return { status: 200, body: doc };
    });
  },
  delete(ctx, id) {
    requireEnclosingScopes(ctx, id);
    const { services } = ctx;
    if (services.resources.get(id) === undefined) return { status: 204 };
    services.store.transaction(() => {
      for (const child of services.resources.listBelow(id)) services.resources.delete(parseResourceId(child.id));
      services.resources.delete(id);
      services.events.emit({ type: "scopeDeleted", scope: id });
    });
    return { status: 200 };
  },
  list(ctx, parent) {
    requireEnclosingScopes(ctx, parent);
    const type = ctx.path.kind === "collection" ? ctx.path.resourceType : undefined;
    if (type === undefined) throw armErrors.invalidResourceType({ path: ctx.rawPath });
    const { resources } = ctx.services;
    let items: TrackedResource[];
    if (parent.kind === "resource") {
      if (resources.get(parent) === undefined) throw notFound(parent);
      items = resources.listChildren(parent, type);
    } else if (parent.kind === "resourceGroup") {
      items = resources.listInResourceGroup(parent, type);
    } else if (parent.kind === "subscription") {
      items = resources.listInSubscription(parent.subscriptionId!, type);
    } else {
      items = [];
    }
    return pagedList(ctx, items, (r) => r.id.toLowerCase());
  },
};
