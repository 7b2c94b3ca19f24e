/**
 * GET {scope}/providers/Microsoft.Authorization/permissions: the caller's effective
 * permissions there, one entry per permission block of each role assigned at or above it.
 */
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { PERMISSIONS_API_VERSIONS } from "./api-versions.js";
import { requireScope } from "./scopes.js";

export const permissionsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Authorization/permissions",
  apiVersions: PERMISSIONS_API_VERSIONS,
  list(ctx, parent) {
    const scope = requireScope(ctx, parent);
    return { status: 200, body: { value: ctx.services.rbac.evaluator.effectivePermissions(ctx.caller.objectId, scope) } };
  },
};
