/**
 * Resource Manager itself: subscriptions, tenants, locations, provider namespaces, resource
 * groups, the `/resources` lists and the polling endpoints of its long-running operations
 * (namespace Microsoft.Resources), and the generic provider that serves every type of a
 * namespace no other provider owns.
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { checkResourceNameHandler } from "./check-resource-name.js";
import { checkZonePeersHandler } from "./check-zone-peers.js";
import { genericResourcesHandler } from "./generic-resources.js";
import { locationsHandler } from "./locations.js";
import { operationResultsHandler, operationStatusesHandler } from "./operations.js";
import { providersHandler } from "./providers.js";
import { resourceGroupsHandler } from "./resource-groups.js";
import { resourceListHandler } from "./resource-list.js";
import { subscriptionsHandler } from "./subscriptions.js";
import { tagsHandler } from "./tags.js";
import { tenantsHandler } from "./tenants.js";

export const resourceManagerProvider: ResourceProvider = {
  namespace: "Microsoft.Resources",
  handlers: [
    subscriptionsHandler,
    tenantsHandler,
    locationsHandler,
    providersHandler,
    resourceGroupsHandler,
    resourceListHandler,
    operationResultsHandler,
    operationStatusesHandler,
    tagsHandler,
    checkResourceNameHandler,
    checkZonePeersHandler,
  ],
};

/** Registered under the reserved type "*": dispatch sends it every type no provider owns. */
export const genericProvider: ResourceProvider = {
  namespace: "*",
  handlers: [genericResourcesHandler],
};
