/**
 * Microsoft.Authorization/denyAssignments at any scope, read only: list (at, above and below the
 * scope; `$filter` atScope(), principalId, gdprExportPrincipalId, assignedTo(), denyAssignmentName),
 * get by scope and name, get by id (the same path). Azure makes deny assignments itself
 * (deployment stacks' deny settings here); no write reaches them through this type.
 */
import { armErrors } from "@azmi/arm-core";
import { denyAssignmentView } from "@azmi/rbac";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { DENY_ASSIGNMENT_API_VERSIONS } from "./api-versions.js";
import { requireScope, scopeOf } from "./scopes.js";

export const denyAssignmentsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Authorization/denyAssignments",
  apiVersions: DENY_ASSIGNMENT_API_VERSIONS,
  get(ctx, id) {
    const scope = requireScope(ctx, scopeOf(id));
    const deny = ctx.services.rbac.denyAssignments.get(scope, id.name ?? "");
    if (deny === undefined) throw armErrors.denyAssignmentNotFound(id.name ?? "");
    return { status: 200, body: denyAssignmentView(deny) };
  },
  list(ctx, parent) {
    const scope = requireScope(ctx, parent);
    const items = ctx.services.rbac.denyAssignments.list(scope, ctx.query.get("$filter"));
    return pagedList(ctx, items, (d) => `${d.scope.toLowerCase()}|${d.name.toLowerCase()}`, denyAssignmentView);
  },
};
