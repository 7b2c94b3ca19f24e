/**
 * Deny assignments for data planes: the model, the store and the verdict are @azmi/rbac's (one
 * rule for ARM and every data plane); re-exported here for embedders that imported them from
 * this package.
 */
export { decideDeny, denyVerdict, EVERYONE, type DenyAssignment, type DenyAssignmentSource, type DenyVerdict } from "@azmi/rbac";
