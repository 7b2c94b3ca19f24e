/**
 * Role assignments at any scope: the PUT rules Azure applies (GUID names unique in the
 * tenant, no silent changes, one grant per principal+role+scope, the principal must be known
 * unless the caller vouches for its type), reads, deletes and the list filters.
 */
import { armErrors, isUniqueIndexConflict, parseResourceId, type ResourceId, type Store } from "@azmi/arm-core";
import { z } from "zod";
import { AssignmentIndex, type StoredAssignment } from "./assignment-index.js";
import { definitionGuidOf, definitionIdAt } from "./definition-ids.js";
import { parseFilter } from "./filter.js";
import { managementGroupNotFound } from "./management-groups.js";
import { isGuid } from "./guid.js";
import type { AssignmentPropagation } from "./propagation.js";
import type { RoleDefinitions } from "./role-definitions.js";
import type { ScopeHierarchy } from "./scope-hierarchy.js";

export const ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments";

export const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** The body of PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}. */
export const roleAssignmentBodySchema = z.object({
  properties: z.object({
    roleDefinitionId: z.string().min(1),
    principalId: z.string().nullish(),
    principalType: z.string().nullish(),
    description: z.string().nullish(),
    condition: z.string().nullish(),
    conditionVersion: z.string().nullish(),
    delegatedManagedIdentityResourceId: z.string().nullish(),
    canDelegate: z.boolean().nullish(),
  }),
});
export type RoleAssignmentBody = z.input<typeof roleAssignmentBodySchema>;

export interface RoleAssignmentView {
  readonly id: string;
  readonly name: string;
  readonly type: typeof ROLE_ASSIGNMENT_TYPE;
  readonly properties: {
    readonly roleDefinitionId: string;
    readonly principalId: string;
    readonly principalType: string;
    readonly scope: string;
    readonly condition: string | null;
    readonly conditionVersion: string | null;
    readonly createdOn: string;
    readonly updatedOn: string;
    readonly createdBy: string | null;
    readonly updatedBy: string | null;
    readonly delegatedManagedIdentityResourceId: string | null;
    readonly description: string | null;
  };
}

/** What the directory says about a principal; undefined when it does not know it. */
export type PrincipalLookup = (principalId: string) => { readonly principalType: PrincipalType } | undefined;

export interface RoleAssignmentDeps {
  readonly store: Store;
  readonly index: AssignmentIndex;
  readonly definitions: RoleDefinitions;
  readonly scopeExists: (scope: ResourceId) => boolean;
  readonly findPrincipal: PrincipalLookup;
  readonly tenantId: string;
  readonly now: () => Date;
  readonly propagation: AssignmentPropagation;
  readonly hierarchy: ScopeHierarchy;
}

export interface AssignmentCaller {
  readonly objectId: string | null;
  /** azmi's own grants (strict mode's operator) take effect at once, whatever --rbac-propagation-delay says. */
  readonly provisioning?: boolean;
}

export function assignmentIdAt(scopeId: string, name: string): string {
  return `${scopeId === "/" ? "" : scopeId}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

/** The not-found error of a missing scope, by its kind. */
export function scopeNotFound(scope: ResourceId) {
  switch (scope.kind) {
    case "subscription":
      return armErrors.subscriptionNotFound(scope.subscriptionId!);
    case "resourceGroup":
      return armErrors.resourceGroupNotFound(scope.resourceGroup!);
    case "managementGroup":
      return managementGroupNotFound(scope.managementGroupId!);
    default:
      return armErrors.resourceNotFound(scope.resourceType ?? "", scope.name ?? scope.id, scope.resourceGroup);
  }
}

function normalizePrincipalType(value: string): PrincipalType {
  const found = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
  if (found === undefined) {
    throw armErrors.invalidRoleAssignmentRequest(`The principal type '${value}' is not valid. Valid values are ${PRINCIPAL_TYPES.join(", ")}.`);
  }
  return found;
}

function isUnder(key: string, below: { readonly prefixes: readonly string[]; readonly exact: ReadonlySet<string> }): boolean {
  return below.exact.has(key) || below.prefixes.some((p) => key !== "/" && key.startsWith(p));
}

export class RoleAssignments {
  constructor(private readonly deps: RoleAssignmentDeps) {}

  view(a: StoredAssignment): RoleAssignmentView {
    const scope = parseResourceId(a.scope);
    const def = this.deps.definitions.find(a.roleDefinitionGuid);
    return {
      id: assignmentIdAt(a.scope, a.name),
      name: a.name,
      type: ROLE_ASSIGNMENT_TYPE,
      properties: {
        roleDefinitionId: definitionIdAt(scope, a.roleDefinitionGuid, def?.roleType !== "BuiltInRole"),
        principalId: a.principalId,
        principalType: a.principalType,
        scope: a.scope,
        condition: a.condition,
        conditionVersion: a.conditionVersion,
        createdOn: a.createdOn,
        updatedOn: a.updatedOn,
        createdBy: a.createdBy,
        updatedBy: a.updatedBy,
        delegatedManagedIdentityResourceId: a.delegatedManagedIdentityResourceId,
        description: a.description,
      },
    };
  }

  /** Creates, or re-applies the same assignment (only description and condition may change). */
  createOrUpdate(
    scope: ResourceId,
    name: string,
    body: unknown,
    caller: AssignmentCaller,
  ): { created: boolean; assignment: StoredAssignment; view: RoleAssignmentView } {
    if (!isGuid(name)) throw armErrors.invalidRoleAssignmentId(name);
    const parsed = roleAssignmentBodySchema.safeParse(body);
    if (!parsed.success) {
      throw armErrors.invalidRoleAssignmentRequest(
        `The request to create role assignment '${name}' is not valid. ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.`,
      );
    }
    const parsedProps = parsed.data.properties;
    const principalId = parsedProps.principalId;
    if (principalId == null || !isGuid(principalId)) throw armErrors.invalidPrincipalId();
    const p = { ...parsedProps, principalId };
    const roleGuid = definitionGuidOf(p.roleDefinitionId);
    const givenType = p.principalType == null ? undefined : normalizePrincipalType(p.principalType);
    if (!this.deps.scopeExists(scope)) throw scopeNotFound(scope);

    return this.deps.store.transaction(() => {
      const now = this.deps.now().toISOString();
      const existing = this.deps.index.byName(name);
      if (existing !== undefined) {
        const same =
          existing.scopeKey === scope.key && existing.principalId.toLowerCase() === p.principalId.toLowerCase() && existing.roleDefinitionGuid === roleGuid;
        if (!same) throw armErrors.roleAssignmentUpdateNotPermitted();
        const updated: StoredAssignment = {
          ...existing,
          description: p.description ?? null,
          condition: p.condition ?? null,
          conditionVersion: p.condition == null ? null : (p.conditionVersion ?? "2.0"),
          updatedOn: now,
          updatedBy: caller.objectId,
        };
        this.deps.index.put(updated);
        return { created: false, assignment: updated, view: this.view(updated) };
      }

      const def = this.deps.definitions.find(roleGuid);
      if (def === undefined || !this.deps.definitions.assignableAt(def, scope)) throw armErrors.roleDefinitionDoesNotExist(roleGuid, true);

      // The caller's own principal exists, whatever the directory holds (Terraform assigns roles to
      // data.azurerm_client_config.current.object_id, and a PrincipalNotFound there retries for 30 minutes).
      const isCaller = caller.objectId !== null && caller.objectId.toLowerCase() === p.principalId.toLowerCase();
      const known = this.deps.findPrincipal(p.principalId) ?? (isCaller ? { principalType: givenType ?? "ServicePrincipal" } : undefined);
      // Azure's own advice for replication lag: a caller who states the principal type is trusted.
      if (known === undefined && givenType === undefined) throw armErrors.principalNotFound(p.principalId, this.deps.tenantId);
      if (known !== undefined && givenType !== undefined && known.principalType !== givenType) {
        throw armErrors.unmatchedPrincipalType(p.principalId, known.principalType, givenType);
      }
      if (this.deps.index.sameGrant(scope.key, p.principalId, roleGuid) !== undefined) throw armErrors.roleAssignmentExists();

      const created: StoredAssignment = {
        name,
        scope: scope.id,
        scopeKey: scope.key,
        roleDefinitionGuid: roleGuid,
        principalId: p.principalId,
        principalType: givenType ?? known!.principalType,
        description: p.description ?? null,
        condition: p.condition ?? null,
        conditionVersion: p.condition == null ? null : (p.conditionVersion ?? "2.0"),
        delegatedManagedIdentityResourceId: p.delegatedManagedIdentityResourceId ?? null,
        createdOn: now,
        updatedOn: now,
        createdBy: caller.objectId,
        updatedBy: caller.objectId,
      };
      try {
        this.deps.index.put(created);
      } catch (error) {
        // Checked above, and again by the store: another process on the same database may have got there first.
        if (!isUniqueIndexConflict(error)) throw error;
        throw error.index === "dedup" ? armErrors.roleAssignmentExists() : armErrors.roleAssignmentUpdateNotPermitted();
      }
      if (caller.provisioning !== true) this.deps.propagation.noteCreated(created);
      return { created: true, assignment: created, view: this.view(created) };
    });
  }

  /** The stored assignment at exactly this scope under this name, if any (no listing). */
  find(scope: ResourceId, name: string): StoredAssignment | undefined {
    return this.deps.index.get(scope.key, name);
  }

  get(scope: ResourceId, name: string): RoleAssignmentView {
    const a = this.deps.index.get(scope.key, name);
    if (a === undefined) throw armErrors.roleAssignmentNotFound(name);
    return this.view(a);
  }

  /** undefined when nothing was there (Azure answers 204). */
  delete(scope: ResourceId, name: string): RoleAssignmentView | undefined {
    return this.deps.store.transaction(() => {
      const a = this.deps.index.get(scope.key, name);
      if (a === undefined) return undefined;
      this.deps.index.delete(a);
      this.deps.propagation.noteRemoved(a);
      return this.view(a);
    });
  }

  /**
   * GET {scope}/providers/Microsoft.Authorization/roleAssignments[?$filter=...]:
   * no filter → at, above and below the scope; atScope() → at and above;
   * principalId eq / assignedTo → that principal's assignments at, above and below
   * (at and above with atScope()).
   */
  listStored(scope: ResourceId, filter?: string | null): StoredAssignment[] {
    let atScopeOnly = false;
    let principal: string | undefined;
    for (const term of parseFilter(filter)) {
      if (term.kind === "atScope") atScopeOnly = true;
      else if (term.kind === "assignedTo") principal = term.value;
      else if (term.field === "principalid") principal = term.value;
      else throw armErrors.invalidFilterInQueryString(filter ?? "");
    }
    const chain = this.deps.hierarchy.chain(scope);
    if (principal !== undefined) {
      const above = new Set(chain.map((s) => s.key));
      const below = atScopeOnly ? undefined : this.belowKeys(scope);
      return this.deps.index.byPrincipal(principal).filter((a) => above.has(a.scopeKey) || (below !== undefined && isUnder(a.scopeKey, below)));
    }
    const atOrAbove = this.deps.index.atScopes(chain);
    return atScopeOnly ? atOrAbove : [...atOrAbove, ...this.below(scope)];
  }

  /** Strictly below the scope: by key range, and for a management group also under each group and subscription beneath it. */
  private below(scope: ResourceId): StoredAssignment[] {
    const detached = this.deps.hierarchy.detachedDescendants(scope);
    return [...this.deps.index.below(scope), ...detached.flatMap((d) => [...this.deps.index.at(d), ...this.deps.index.below(d)])];
  }

  /** The keys whose scopes, and whatever their keys prefix, lie strictly below `scope`. */
  private belowKeys(scope: ResourceId): { readonly prefixes: readonly string[]; readonly exact: ReadonlySet<string> } {
    const detached = this.deps.hierarchy.detachedDescendants(scope).map((d) => d.key);
    return { prefixes: [scope.key === "/" ? "/" : `${scope.key}/`, ...detached.map((k) => `${k}/`)], exact: new Set(detached) };
  }

  list(scope: ResourceId, filter?: string | null): RoleAssignmentView[] {
    return this.listStored(scope, filter).map((a) => this.view(a));
  }

  /** A scope is gone: its assignments and everything below it go too. */
  deleteAtAndBelow(scope: ResourceId): number {
    return this.deps.store.transaction(() => {
      const doomed = [...this.deps.index.at(scope), ...this.deps.index.below(scope)];
      for (const a of doomed) {
        this.deps.index.delete(a);
        this.deps.propagation.noteRemoved(a);
      }
      return doomed.length;
    });
  }
}
