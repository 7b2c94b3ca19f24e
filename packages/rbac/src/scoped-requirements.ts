/**
 * What a change to a custom role asks of its caller beyond the URL it was sent to. A custom
 * role is one object shared by every scope in its assignableScopes, so Azure wants
 * Microsoft.Authorization/roleDefinitions/write (or /delete) at each of them, those it has and
 * those it is given: otherwise a principal trusted with one resource group could widen a
 * subscription-wide role by addressing the request to that group. Decided by the evaluator
 * like any other action (see PermissionEvaluator.checkEach).
 */
import { parseResourceId, type ResourceId } from "@azmi/arm-core";
import { isGuid } from "./guid.js";
import { roleDefinitionBodySchema, type RoleDefinitions } from "./role-definitions.js";

export const ROLE_DEFINITION_WRITE = "Microsoft.Authorization/roleDefinitions/write";
export const ROLE_DEFINITION_DELETE = "Microsoft.Authorization/roleDefinitions/delete";

/** One action the caller must be allowed at one scope. */
export interface ScopedRequirement {
  readonly action: string;
  readonly scope: ResourceId;
}

function parsedScopes(scopes: readonly string[]): ResourceId[] {
  const out: ResourceId[] = [];
  for (const s of scopes) {
    try {
      out.push(parseResourceId(s));
    } catch {
      // Not a scope at all: createOrUpdate answers AssignableScopeNotFound for it.
    }
  }
  return out;
}

function distinct(requirements: ScopedRequirement[]): ScopedRequirement[] {
  const seen = new Set<string>();
  return requirements.filter((r) => {
    const key = `${r.action.toLowerCase()}|${r.scope.key}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * PUT {scope}/providers/Microsoft.Authorization/roleDefinitions/{guid} with `body`: write at
 * every assignable scope the role has now and every one the body gives it (the URL's scope
 * when it names none, as createOrUpdate does). Built-in roles and unreadable bodies ask for
 * nothing more: createOrUpdate refuses them with their own errors.
 */
export function roleDefinitionWriteRequirements(definitions: RoleDefinitions, scope: ResourceId, guid: string, body: unknown): ScopedRequirement[] {
  if (!isGuid(guid)) return [];
  const existing = definitions.find(guid);
  if (existing?.roleType === "BuiltInRole") return [];
  const parsed = roleDefinitionBodySchema.safeParse(body);
  const wanted = parsed.success ? (parsed.data.properties.assignableScopes ?? [scope.id]) : [];
  const scopes = parsedScopes([...(existing?.assignableScopes ?? []), ...wanted]);
  return distinct(scopes.map((s) => ({ action: ROLE_DEFINITION_WRITE, scope: s })));
}

/** DELETE of a custom role: delete at every scope it is assignable at, when the request would delete it. */
export function roleDefinitionDeleteRequirements(definitions: RoleDefinitions, scope: ResourceId, guid: string): ScopedRequirement[] {
  if (!isGuid(guid)) return [];
  const existing = definitions.find(guid);
  if (existing === undefined || existing.roleType === "BuiltInRole" || !definitions.aboutScope(existing, scope)) return [];
  return distinct(parsedScopes(existing.assignableScopes).map((s) => ({ action: ROLE_DEFINITION_DELETE, scope: s })));
}
