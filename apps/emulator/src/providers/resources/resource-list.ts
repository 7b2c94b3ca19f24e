/**
 * Microsoft.Resources/resources: `GET /subscriptions/{s}/resources` and
 * `/subscriptions/{s}/resourceGroups/{rg}/resources`, the tracked resources of every
 * provider, with `$filter` (resourceType, name, substringof, location, resourceGroup,
 * tagName/tagValue), `$top` and nextLink paging. Like ARM it leaves out extension resources
 * (role assignments, locks, diagnostic settings: azurerm's "group still contains resources"
 * check would block otherwise) and child resources without a location. `$expand` adds
 * createdTime, changedTime and provisioningState when asked; other values are ignored.
 */
import { isExtensionResource, matchesResourceFilter, parseResourceFilter, parseResourceId, type TrackedResource } from "@azmi/arm-core";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { pagedList } from "./list-answer.js";
import { requireSubscription } from "./scope-checks.js";

const ENVELOPE = ["id", "name", "type", "kind", "location", "extendedLocation", "managedBy", "sku", "plan", "identity", "zones", "tags"] as const;

function listed(resource: TrackedResource): boolean {
  const id = parseResourceId(resource.id);
  if (id.resourceGroup === undefined || isExtensionResource(id)) return false;
  return id.parent?.kind !== "resource" || resource.location !== undefined;
}

function render(resource: TrackedResource, expand: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of ENVELOPE) if (resource[field] !== undefined) out[field] = resource[field];
  const systemData = resource.systemData as { createdAt?: string; lastModifiedAt?: string } | undefined;
  if (expand.has("createdtime") && systemData?.createdAt !== undefined) out.createdTime = systemData.createdAt;
  if (expand.has("changedtime") && systemData?.lastModifiedAt !== undefined) out.changedTime = systemData.lastModifiedAt;
  if (expand.has("provisioningstate")) {
    out.provisioningState = (resource.properties as { provisioningState?: string } | undefined)?.provisioningState ?? "Succeeded";
  }
  return out;
}

export const resourceListHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/resources",
  apiVersions: RESOURCE_MANAGER_API_VERSIONS,
  list(ctx: ArmContext, parent) {
    const subscriptionId = requireSubscription(ctx, parent.subscriptionId);
    const filter = parseResourceFilter(ctx.query.get("$filter"));
    const { resources, resourceGroups } = ctx.services;
    let items: TrackedResource[];
    if (parent.kind === "resourceGroup") {
      resourceGroups.require(parent);
      items = resources.listInResourceGroup(parent);
    } else {
      items = resources.listInSubscription(subscriptionId);
    }
    const expand = new Set((ctx.query.get("$expand") ?? "").split(",").map((s) => s.trim().toLowerCase()));
    const matching = items.filter((r) => listed(r) && matchesResourceFilter(r, filter));
    return pagedList(
      ctx,
      matching,
      (r) => r.id.toLowerCase(),
      (r) => render(r, expand),
    );
  },
};
