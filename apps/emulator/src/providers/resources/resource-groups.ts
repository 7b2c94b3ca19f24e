/**
 * Microsoft.Resources/resourceGroups: PUT (201 create, 200 update), GET, HEAD (204/404),
 * PATCH (tags, managedBy), list with `$filter` on tags and `$top`, and DELETE, which removes
 * everything inside the group in one transaction and answers 202 with polling headers that
 * already point at a finished operation. Names, locations and tags follow Azure's rules
 * (@azmi/arm-core resource-groups.ts); the name keeps the casing it was created with.
 */
import {
  matchesResourceFilter,
  parseResourceFilter,
  parseResourceId,
  resourceGroupBody,
  resourceGroupFromPatch,
  resourceGroupFromPut,
  resourceGroupPatch,
  validateResourceGroupName,
  type ResourceGroup,
  type ResourceId,
} from "@azmi/arm-core";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { pagedList } from "./list-answer.js";
import { completedOperationHeaders } from "./operations.js";
import { requireSubscription } from "./scope-checks.js";

/** The stored group `id` names, after the subscription and name checks; ResourceGroupNotFound when absent. */
function existingGroup(ctx: ArmContext, id: ResourceId): ResourceGroup {
  requireSubscription(ctx, id.subscriptionId);
  validateResourceGroupName(id.name!);
  return ctx.services.resourceGroups.require(id);
}

function deleteGroup(ctx: ArmContext, id: ResourceId): ArmResult {
  const startTime = new Date().toISOString();
  const group = existingGroup(ctx, id);
  const { services } = ctx;
  services.store.transaction(() => {
    // Deepest first, so no resource ever outlives its parent.
    for (const resource of services.resources.listBelow(id)) services.resources.delete(parseResourceId(resource.id));
    services.events.emit({ type: "scopeDeleted", scope: id });
    services.resourceGroups.delete(id);
  });
  const subscriptionId = requireSubscription(ctx, id.subscriptionId);
  return { status: 202, headers: completedOperationHeaders(ctx, subscriptionId, `ResourceGroupDeletionJob-${group.name.toUpperCase()}`, startTime) };
}

export const resourceGroupsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/resourceGroups",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  put(ctx, id) {
    requireSubscription(ctx, id.subscriptionId);
    validateResourceGroupName(id.name!);
    const body = resourceGroupBody.parse(ctx.body ?? {});
    const previous = ctx.services.resourceGroups.get(id);
    const group = resourceGroupFromPut(id, body, previous);
    ctx.services.store.transaction(() => ctx.services.resourceGroups.put(id, group));
    return { status: previous === undefined ? 201 : 200, body: group };
  },
  get(ctx, id) {
    return { status: 200, body: existingGroup(ctx, id) };
  },
  head(ctx, id) {
    requireSubscription(ctx, id.subscriptionId);
    validateResourceGroupName(id.name!);
    return { status: ctx.services.resourceGroups.exists(id) ? 204 : 404 };
  },
  patch(ctx, id) {
    const previous = existingGroup(ctx, id);
    const group = resourceGroupFromPatch(previous, resourceGroupPatch.parse(ctx.body ?? {}));
    ctx.services.store.transaction(() => ctx.services.resourceGroups.put(id, group));
    return { status: 200, body: group };
  },
  delete: deleteGroup,
  list(ctx, parent) {
    const subscriptionId = requireSubscription(ctx, parent.subscriptionId);
    const filter = parseResourceFilter(ctx.query.get("$filter"), ["tagName", "tagValue"]);
    const groups = ctx.services.resourceGroups.listInSubscription(subscriptionId).filter((g) => matchesResourceFilter(g, filter));
    return pagedList(ctx, groups, (g) => g.id.toLowerCase());
  },
};
