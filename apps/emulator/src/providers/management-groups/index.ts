/**
 * Microsoft.Management: management groups, the subscriptions under them, hierarchy settings,
 * the tenant-level actions and the long-running operations' results. The tree itself, and what
 * each scope inherits through it, is the RBAC package's (ManagementGroups, ScopeHierarchy).
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { groupSubscriptionsHandler } from "./group-subscriptions.js";
import { hierarchySettingsHandler } from "./hierarchy-settings.js";
import { descendantsHandler, managementGroupsHandler } from "./management-groups-handler.js";
import { operationResultsHandler } from "./operation-results.js";
import { checkNameAvailabilityHandler, getEntitiesHandler, startTenantBackfillHandler, tenantBackfillStatusHandler } from "./tenant-actions.js";

export const managementGroupsProvider: ResourceProvider = {
  namespace: "Microsoft.Management",
  handlers: [
    managementGroupsHandler,
    descendantsHandler,
    groupSubscriptionsHandler,
    hierarchySettingsHandler,
    operationResultsHandler,
    checkNameAvailabilityHandler,
    getEntitiesHandler,
    startTenantBackfillHandler,
    tenantBackfillStatusHandler,
  ],
};
