/**
 * Does a scope exist, as RBAC asks it (assignment scopes, assignable scopes of custom roles)?
 * The tenant root always does; management groups are the RBAC package's own tree (it asks
 * that, not this); a subscription when azmi serves it; a group when stored; a resource when its top-level
 * resource is stored (deeper child resources such as config/web are not all documents).
 */
import type { EmulatorConfig } from "../../config.js";
import type { ResourceGroupStore, ResourceId, ResourceStore } from "@azmi/arm-core";

export interface ScopeSources {
  readonly config: EmulatorConfig;
  readonly resourceGroups: ResourceGroupStore;
  readonly resources: ResourceStore;
}

export function scopeExistence(sources: ScopeSources): (scope: ResourceId) => boolean {
  return (scope) => {
    if (scope.kind === "tenant") return true;
    if (scope.kind === "managementGroup") return false;
    const sub = scope.subscriptionId?.toLowerCase();
    if (sub === undefined || !sources.config.subscriptions.some((s) => s.toLowerCase() === sub)) return false;
    if (scope.kind === "subscription") return true;
    let topLevel: ResourceId | undefined;
    let above: ResourceId | undefined = scope;
    while (above !== undefined && above.kind === "resource") {
      topLevel = above;
      above = above.parent;
    }
    if (above?.kind === "resourceGroup" && !sources.resourceGroups.exists(above)) return false;
    return topLevel === undefined || sources.resources.get(topLevel) !== undefined;
  };
}
