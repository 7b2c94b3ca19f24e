/** The subscription a request names must be one azmi serves (--subscription), else SubscriptionNotFound. */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext } from "../../arm/contract.js";

/** The configured subscription id (its configured casing) for `subscriptionId`, or SubscriptionNotFound. */
export function requireSubscription(ctx: ArmContext, subscriptionId: string | undefined): string {
  const wanted = (subscriptionId ?? "").toLowerCase();
  const found = ctx.services.config.subscriptions.find((s) => s.toLowerCase() === wanted);
  if (found === undefined) throw armErrors.subscriptionNotFound(subscriptionId ?? "");
  return found;
}

/** The subscription of `scope` exists (scopes outside subscriptions pass). */
export function requireSubscriptionOf(ctx: ArmContext, scope: ResourceId): void {
  if (scope.subscriptionId !== undefined) requireSubscription(ctx, scope.subscriptionId);
}
