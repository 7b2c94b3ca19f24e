/**
 * How Azure spells a role definition's id, which depends on the scope it is read at: under a
 * subscription (or anything below one) `/subscriptions/{s}/providers/...`, at the tenant root
 * `/providers/...`, at a management group the group's own form for custom roles (built-ins
 * stay tenant-level there). Assignments carry the same spelling, and the az CLI matches the two
 * byte for byte.
 */
import { armErrors, type ResourceId } from "@azmi/arm-core";
import { isGuid } from "./guid.js";

const SUFFIX = "/providers/Microsoft.Authorization/roleDefinitions/";

export function definitionIdAt(scope: ResourceId, guid: string, custom: boolean): string {
  if (scope.subscriptionId !== undefined) return `/subscriptions/${scope.subscriptionId}${SUFFIX}${guid}`;
  if (scope.kind === "managementGroup" && custom) return `${scope.id}${SUFFIX}${guid}`;
  return `${SUFFIX.slice(0, -1)}/${guid}`;
}

const ID_PATTERN = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)\/?$/i;

/** The GUID in any spelling of a role definition id (tenant, management group, subscription, below). */
export function definitionGuidOf(roleDefinitionId: string): string {
  const m = ID_PATTERN.exec(roleDefinitionId);
  const guid = m?.[1];
  if (guid === undefined || !isGuid(guid)) throw armErrors.invalidRoleDefinitionId(roleDefinitionId);
  return guid.toLowerCase();
}
