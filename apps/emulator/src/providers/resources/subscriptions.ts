/**
 * Microsoft.Resources/subscriptions: `GET /subscriptions` and `GET /subscriptions/{id}`. The
 * subscriptions are the ones azmi was started with (--subscription, default
 * 00000000-0000-0000-0000-000000000000), all in the one tenant, all Enabled. The az CLI reads
 * subscriptionId from the last segment of `id`, and shows tenantId, displayName, state and
 * managedByTenants; azurerm reads subscriptionPolicies and tags.
 */
import type { ResourceId } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { requireSubscription } from "./scope-checks.js";

export function subscriptionBody(ctx: ArmContext, subscriptionId: string) {
  const index = ctx.services.config.subscriptions.indexOf(subscriptionId);
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    tags: {},
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

export const subscriptionsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/subscriptions",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx) {
    const value = ctx.services.config.subscriptions.map((s) => subscriptionBody(ctx, s));
    return { status: 200, body: { value, count: { type: "Total", value: value.length } } };
  },
  get(ctx, id: ResourceId) {
    return { status: 200, body: subscriptionBody(ctx, requireSubscription(ctx, id.subscriptionId)) };
  },
};
