/**
 * Step 8: a request addressed inside a resource group that does not exist is ARM's
 * 404 ResourceGroupNotFound, whichever provider serves the type, for every method: ARM
 * resolves the group before it routes to a provider. Requests on the group itself (and
 * actions posted to it) are the group handler's to answer. Runs after authorization, as on
 * Azure, where a caller without access learns nothing about the group.
 */
import { RESOURCE_GROUP_TYPE, resourceGroupScope } from "@azmi/arm-core";
import type { ArmExchange } from "../exchange.js";

export function requireResourceGroup(exchange: ArmExchange): void {
  const { services, handlers } = exchange;
  const route = exchange.route!;
  const { target } = route;
  if (target.subscriptionId === undefined || target.resourceGroup === undefined) return;
  // Without the groups provider (tests serving a few providers) there are no groups to require.
  if (handlers.find(RESOURCE_GROUP_TYPE) === undefined) return;
  if (target.kind === "resourceGroup" && (route.kind === "instance" || route.kind === "instanceAction")) return;
  services.resourceGroups.require(resourceGroupScope(target.subscriptionId, target.resourceGroup));
}
