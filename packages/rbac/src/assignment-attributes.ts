/**
 * What a role-assignment write or delete offers to conditions (Azure's attributes for
 * constraining delegation): `@Request[...]` is the assignment being written (its role, principal
 * and principal type as the request states them, the type looked up when not stated), and
 * `@Resource[...]` the assignment being deleted, as stored.
 */
import type { StoredAssignment } from "./assignment-index.js";
import type { ConditionAttributes } from "./conditions.js";
import { definitionGuidOf } from "./definition-ids.js";
import { roleAssignmentBodySchema, type PrincipalLookup } from "./role-assignments.js";

const ATTRIBUTE = "Microsoft.Authorization/roleAssignments";

function attributes(
  source: "Request" | "Resource",
  role: string | undefined,
  principalId: string | undefined,
  principalType: string | undefined,
): ConditionAttributes {
  const out: Record<string, string[]> = {};
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== "") out[`@${source}[${ATTRIBUTE}:${name}]`] = [value];
  };
  put("RoleDefinitionId", role);
  put("PrincipalId", principalId);
  put("PrincipalType", principalType);
  return out;
}

/** The assignment a PUT asks for; nothing for a body that is no assignment (the PUT refuses it afterwards). */
export function requestedAssignmentAttributes(body: unknown, findPrincipal: PrincipalLookup): ConditionAttributes {
  const parsed = roleAssignmentBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const p = parsed.data.properties;
  const principalId = p.principalId ?? undefined;
  const principalType = p.principalType ?? (principalId === undefined ? undefined : findPrincipal(principalId)?.principalType);
  return attributes("Request", roleGuidOf(p.roleDefinitionId), principalId, principalType);
}

function roleGuidOf(roleDefinitionId: string): string | undefined {
  try {
    return definitionGuidOf(roleDefinitionId);
  } catch {
    return undefined;
  }
}

/** The stored assignment a DELETE removes. */
export function storedAssignmentAttributes(stored: StoredAssignment): ConditionAttributes {
  return attributes("Resource", stored.roleDefinitionGuid, stored.principalId, stored.principalType);
}
