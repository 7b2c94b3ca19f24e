/**
 * Microsoft.Resources/subscriptions: `GET /subscriptions` and `GET /subscriptions/{id}`. The
 * subscriptions are the ones azmi was started with (--subscription, default
 * 00000000-0000-0000-0000-000000000000), all in the one tenant, all Enabled. The az CLI reads
 * subscriptionId from the last segment of `id`, and shows tenantId, displayName, state and
 * managedByTenants; azurerm reads subscriptionPolicies and tags.
 *
 * In strict mode a caller sees the subscriptions it holds a role in, at, below or above them
 * (the operator's Owner at the root reaches them all), as Azure lists them; any other is
 * SubscriptionNotFound, as if it did not exist.
 */
import { armErrors, parseResourceId, SubscriptionTags, type ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { requireSubscription } from "./scope-checks.js";

export function subscriptionBody(ctx: ArmContext, subscriptionId: string) {
  const index = ctx.services.config.subscriptions.indexOf(subscriptionId);
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    tags: new SubscriptionTags(ctx.services.store).get(subscriptionId),
    subscriptionId,
    tenantId: ctx.services.config.tenantId,
    displayName: `Azure subscription ${index + 1}`,
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

function visibleToCaller(ctx: ArmContext, subscriptionId: string): boolean {
  if (ctx.services.config.authMode === "permissive") return true;
  return ctx.services.rbac.evaluator.holdsAnyRoleAround(ctx.caller.objectId, parseResourceId(`/subscriptions/${subscriptionId}`));
}

export const subscriptionsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/subscriptions",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx) {
    const value = ctx.services.config.subscriptions.filter((s) => visibleToCaller(ctx, s)).map((s) => subscriptionBody(ctx, s));
    return { status: 200, body: { value, count: { type: "Total", value: value.length } } };
  },
  get(ctx, id: ResourceId) {
    const subscriptionId = requireSubscription(ctx, id.subscriptionId);
    if (!visibleToCaller(ctx, subscriptionId)) throw armErrors.subscriptionNotFound(id.subscriptionId ?? "");
    return { status: 200, body: subscriptionBody(ctx, subscriptionId) };
  },
};
