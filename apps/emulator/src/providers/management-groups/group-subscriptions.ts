/**
 * managementGroups/{g}/subscriptions/{s}: PUT moves the subscription under the group (what it
 * inherits changes at once), GET shows it there, DELETE sends it back under the tenant root
 * group, and the collection lists the subscriptions directly under the group.
 */
import type { ResourceId } from "@azmi/arm-core";
import { managementGroupNotFound } from "@azmi/rbac";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { MANAGEMENT_GROUP_API_VERSIONS } from "./api-versions.js";
import { groupSubscriptionView } from "./group-views.js";

const tree = (ctx: ArmContext) => ctx.services.rbac.managementGroups;
const groupOf = (id: ResourceId) => id.parent?.managementGroupId ?? id.managementGroupId ?? "";

export const groupSubscriptionsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/managementGroups/subscriptions",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  get(ctx, id) {
    const group = tree(ctx).require(groupOf(id));
    const subscriptionId = id.name ?? "";
    if (!tree(ctx).hasSubscription(subscriptionId) || tree(ctx).groupOfSubscription(subscriptionId).name.toLowerCase() !== group.name.toLowerCase()) {
      throw managementGroupNotFound(`${group.name}/subscriptions/${subscriptionId}`);
    }
    return { status: 200, body: groupSubscriptionView(ctx, group.name, subscriptionId) };
  },
  put(ctx, id) {
    const group = tree(ctx).placeSubscription(groupOf(id), id.name ?? "");
    return { status: 200, body: groupSubscriptionView(ctx, group.name, id.name ?? "") };
  },
  delete(ctx, id) {
    tree(ctx).removeSubscription(groupOf(id), id.name ?? "");
    return { status: 200 };
  },
  list(ctx, parent) {
    const group = tree(ctx).require(groupOf(parent));
    const value = tree(ctx)
      .children(group.name)
      .flatMap((c) => (c.kind === "subscription" ? [groupSubscriptionView(ctx, group.name, c.subscriptionId)] : []));
    return { status: 200, body: { value } };
  },
};
