/**
 * The RBAC half of Microsoft.Authorization: role definitions, role assignments, deny
 * assignments (read only) and the caller's permissions. (Locks, the same namespace, are the locks provider's.) The rules live
 * in @azmi/rbac, reached as services.rbac.
 */
import type { ResourceProvider } from "../../arm/contract.js";
import { denyAssignmentsHandler } from "./deny-assignments-handler.js";
import { permissionsHandler } from "./permissions-handler.js";
import { roleAssignmentsHandler } from "./role-assignments-handler.js";
import { roleDefinitionsHandler } from "./role-definitions-handler.js";

export const authorizationProvider: ResourceProvider = {
  namespace: "Microsoft.Authorization",
  handlers: [roleDefinitionsHandler, roleAssignmentsHandler, permissionsHandler, denyAssignmentsHandler],
};
