/**
 * Microsoft.Authorization/roleAssignments at any scope (management group, subscription, group,
 * resource, child resource, tenant root). GET/DELETE by id need nothing special: the full id
 * parses as this extension type on its scope. PUT answers 201 for every api-version (the
 * 2020-04-01-preview SDK accepts only 201), re-applying an assignment included. Conditions of
 * the caller's own assignments see the assignment written or deleted (delegation constraints).
 */
import { requestedAssignmentAttributes, storedAssignmentAttributes } from "@azmi/rbac";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { ROLE_ASSIGNMENT_API_VERSIONS } from "./api-versions.js";
import { directoryPrincipals } from "./directory-principals.js";
import { requireScope, scopeOf } from "./scopes.js";

export const roleAssignmentsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Authorization/roleAssignments",
  apiVersions: ROLE_ASSIGNMENT_API_VERSIONS,
  get(ctx, id) {
    return { status: 200, body: ctx.services.rbac.assignments.get(scopeOf(id), id.name ?? "") };
  },
  put(ctx, id) {
    const { view } = ctx.services.rbac.assignments.createOrUpdate(scopeOf(id), id.name ?? "", ctx.body, { objectId: ctx.caller.objectId });
    return { status: 201, body: view };
  },
  delete(ctx, id) {
    const deleted = ctx.services.rbac.assignments.delete(scopeOf(id), id.name ?? "");
    return deleted === undefined ? { status: 204 } : { status: 200, body: deleted };
  },
  conditionAttributes({ services, method, target, body }) {
    if (method === "PUT") return requestedAssignmentAttributes(body, directoryPrincipals(services.directory));
    const stored = method === "DELETE" ? services.rbac.assignments.find(scopeOf(target), target.name ?? "") : undefined;
    return stored === undefined ? {} : storedAssignmentAttributes(stored);
  },
  list(ctx, parent) {
    const scope = requireScope(ctx, parent);
    const items = ctx.services.rbac.assignments.list(scope, ctx.query.get("$filter"));
    return pagedList(ctx, items, (a) => `${a.properties.scope.toLowerCase()}|${a.name.toLowerCase()}`);
  },
};
