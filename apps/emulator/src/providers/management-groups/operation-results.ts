/**
 * Creating and deleting a management group are long-running on Azure: 202 with an
 * Azure-AsyncOperation at `/providers/Microsoft.Management/operationResults/{create|delete}/managementGroups/{g}`,
 * whose final answer is the result (final-state-via azure-async-operation). azmi finishes the
 * work inside the request, so the poll reads the outcome from the tree itself: nothing to keep.
 */
import { armErrors } from "@azmi/arm-core";
import { managementGroupNotFound } from "@azmi/rbac";
import type { ArmContext, ResourceTypeHandler } from "../../arm/contract.js";
import { MANAGEMENT_GROUP_API_VERSIONS } from "./api-versions.js";
import { groupView } from "./group-views.js";

type Operation = "create" | "delete";

export function operationHeaders(ctx: ArmContext, operation: Operation, groupName: string): Record<string, string> {
  const url = `${ctx.baseUrl}/providers/Microsoft.Management/operationResults/${operation}/managementGroups/${groupName}?api-version=${encodeURIComponent(ctx.apiVersion)}`;
  return { "Azure-AsyncOperation": url, Location: url, "Retry-After": "0" };
}

export const operationResultsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Management/operationResults/managementGroups",
  apiVersions: MANAGEMENT_GROUP_API_VERSIONS,
  get(ctx, id) {
    const operation = id.parent?.name?.toLowerCase();
    const name = id.name ?? "";
    const group = ctx.services.rbac.managementGroups.get(name);
    const shown = {
      id: `/providers/Microsoft.Management/managementGroups/${group?.name ?? name}`,
      type: "Microsoft.Management/managementGroups",
      name: group?.name ?? name,
    };
    if (operation === "create") {
      if (group === undefined) throw managementGroupNotFound(name);
      return { status: 200, body: { ...shown, status: "Succeeded", properties: groupView(ctx, group).properties } };
    }
    if (operation === "delete") return { status: 200, body: { ...shown, status: "Succeeded" } };
    throw armErrors.operationNotFound(id.parent?.name ?? "");
  },
  // Whoever may start the operation may watch it finish.
  allowsWithoutRole: () => true,
};
