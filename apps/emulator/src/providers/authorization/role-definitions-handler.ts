/**
 * Microsoft.Authorization/roleDefinitions at any scope: list (with `roleName eq` / `type eq`
 * filters), get, PUT (201 only: the SDKs of 2018-01-01-preview and 2022-04-01 accept nothing
 * else, for updates too), DELETE (200 with the deleted definition, 204 when absent).
 */
import { roleDefinitionDeleteRequirements, roleDefinitionWriteRequirements } from "@azmi/rbac";
import type { ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { ROLE_DEFINITION_API_VERSIONS } from "./api-versions.js";
import { requireScope, scopeOf } from "./scopes.js";

export const roleDefinitionsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Authorization/roleDefinitions",
  apiVersions: ROLE_DEFINITION_API_VERSIONS,
  get(ctx, id) {
    const scope = requireScope(ctx, scopeOf(id));
    return { status: 200, body: ctx.services.rbac.definitions.get(scope, id.name ?? "") };
  },
  put(ctx, id) {
    const scope = requireScope(ctx, scopeOf(id));
    const { view } = ctx.services.rbac.definitions.createOrUpdate(scope, id.name ?? "", ctx.body, ctx.caller.objectId);
    return { status: 201, body: view };
  },
  delete(ctx, id) {
    const deleted = ctx.services.rbac.definitions.delete(scopeOf(id), id.name ?? "");
    return deleted === undefined ? { status: 204 } : { status: 200, body: deleted };
  },
  furtherRequirements({ services, method, target, body }) {
    if (target.resourceType?.toLowerCase() !== "microsoft.authorization/roledefinitions" || target.parent === undefined) return [];
    const guid = target.name ?? "";
    if (method === "PUT") return roleDefinitionWriteRequirements(services.rbac.definitions, target.parent, guid, body);
    if (method === "DELETE") return roleDefinitionDeleteRequirements(services.rbac.definitions, target.parent, guid);
    return [];
  },
  list(ctx, parent) {
    const scope = requireScope(ctx, parent);
    const items = ctx.services.rbac.definitions.list(scope, ctx.query.get("$filter"));
    return pagedList(ctx, items, (d) => d.name);
  },
};
