/**
 * A lock can only be put on a scope that exists: its subscription, its resource group, and the
 * top-level resource it sits on or under. Deeper child resources (config/web, slots) are not
 * all stored as documents, so their existence is the parent's.
 */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import type { ArmContext } from "../../arm/contract.js";
import { requireSubscriptionOf } from "../resources/scope-checks.js";

export function requireLockScope(ctx: ArmContext, scope: ResourceId): void {
  requireSubscriptionOf(ctx, scope);
  if (scope.kind === "tenant" || scope.kind === "managementGroup" || scope.kind === "subscription") return;
  const chain: ResourceId[] = [];
  for (let s: ResourceId | undefined = scope; s !== undefined && s.kind === "resource"; s = s.parent) chain.push(s);
  const group = chain.length === 0 ? scope : chain[chain.length - 1]!.parent;
  if (group?.kind === "resourceGroup") ctx.services.resourceGroups.require(group);
  const topLevel = chain[chain.length - 1];
  if (topLevel !== undefined && ctx.services.resources.get(topLevel) === undefined) {
    throw armErrors.resourceNotFound(topLevel.resourceType ?? "", topLevel.name ?? "", topLevel.resourceGroup);
  }
}
