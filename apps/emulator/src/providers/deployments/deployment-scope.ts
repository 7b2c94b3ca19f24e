/**
 * Where a deployment lives: a resource group, a subscription, a management group or the
 * tenant. The scope must exist, and it decides the template's target (resourceGroup() ...)
 * and whether the deployment needs a location.
 */
import { armErrors, parseResourceId, type ResourceId } from "@azmi/arm-core";
import type { DeploymentTarget, JsonObject, ScopeDocuments } from "@azmi/templates";
import type { ArmContext } from "../../arm/contract.js";
import type { Services } from "../../services.js";
import { requireSubscription } from "../resources/scope-checks.js";

export interface DeploymentScope {
  readonly scope: ResourceId;
  readonly target: DeploymentTarget;
  /** Resource-group deployments have no location; every other scope needs one. */
  readonly needsLocation: boolean;
}

/** The scope of `deploymentId` (its parent), checked to exist. */
export function deploymentScope(ctx: ArmContext, deploymentId: ResourceId): DeploymentScope {
  return deploymentScopeAt(ctx, deploymentId.parent!);
}

/** The same, for the scope itself (listing deployments). */
export function deploymentScopeAt(ctx: ArmContext, scope: ResourceId): DeploymentScope {
  const tenantId = ctx.services.config.tenantId;
  switch (scope.kind) {
    case "resourceGroup": {
      const subscriptionId = requireSubscription(ctx, scope.subscriptionId);
      ctx.services.resourceGroups.require(scope);
      return { scope, target: { tenantId, subscriptionId, resourceGroup: ctx.services.resourceGroups.get(scope)!.name }, needsLocation: false };
    }
    case "subscription":
      return { scope, target: { tenantId, subscriptionId: requireSubscription(ctx, scope.subscriptionId) }, needsLocation: true };
    case "managementGroup":
      ctx.services.rbac.managementGroups.require(scope.managementGroupId!);
      return { scope, target: { tenantId, managementGroupId: scope.managementGroupId! }, needsLocation: true };
    case "tenant":
      return { scope, target: { tenantId }, needsLocation: true };
    default:
      throw armErrors.invalidDeploymentScope(scope.id);
  }
}

/** resourceGroup() and subscription() documents for a target, read from azmi's state; undefined parts when the scope is missing. */
export function scopeDocumentsOf(services: Services, target: DeploymentTarget): { documents: ScopeDocuments; missingGroup: boolean } {
  const index =
    target.subscriptionId === undefined ? -1 : services.config.subscriptions.findIndex((s) => s.toLowerCase() === target.subscriptionId!.toLowerCase());
  const subscriptionDisplayName = index < 0 ? undefined : `Azure subscription ${index + 1}`;
  let resourceGroup: JsonObject | undefined;
  let missingGroup = false;
  if (target.subscriptionId !== undefined && target.resourceGroup !== undefined) {
    const group = services.resourceGroups.get(parseResourceId(`/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`));
    if (group === undefined) missingGroup = true;
    else resourceGroup = JSON.parse(JSON.stringify(group)) as JsonObject;
  }
  const group = target.managementGroupId === undefined ? undefined : services.rbac.managementGroups.get(target.managementGroupId);
  return {
    documents: {
      ...(resourceGroup === undefined ? {} : { resourceGroup }),
      ...(subscriptionDisplayName === undefined ? {} : { subscriptionDisplayName }),
      ...(group === undefined ? {} : { managementGroupDisplayName: group.displayName }),
    },
    missingGroup,
  };
}
