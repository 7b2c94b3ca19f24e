/**
 * The scope-hierarchy index of role assignments. Each assignment is stored under
 * `<scope key>|<name>`, with index entries on its scope, principal, role, name and
 * (scope, principal, role). "At or above a scope" is one index look-up per enclosing scope
 * (a handful); "below a scope" is one key range (`<scope key>/...`). Nothing scans the whole
 * collection, so both stay flat with a million assignments stored.
 */
import type { ResourceId, Store, StoredItem } from "@azmi/arm-core";

export const ROLE_ASSIGNMENTS = "rbac.roleAssignments";

export interface StoredAssignment {
  /** As the client sent it. */
  readonly name: string;
  /** The scope's id in the caller's casing ("/" for the tenant root). */
  readonly scope: string;
  readonly scopeKey: string;
  /** Lower-case GUID of the role definition. */
  readonly roleDefinitionGuid: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly description: string | null;
  readonly condition: string | null;
  readonly conditionVersion: string | null;
  readonly delegatedManagedIdentityResourceId: string | null;
  readonly createdOn: string;
  readonly updatedOn: string;
  readonly createdBy: string | null;
  readonly updatedBy: string | null;
}

export function assignmentKey(scopeKey: string, name: string): string {
  return `${scopeKey}|${name.toLowerCase()}`;
}

export function dedupKey(scopeKey: string, principalId: string, roleGuid: string): string {
  return `${scopeKey}|${principalId.toLowerCase()}|${roleGuid.toLowerCase()}`;
}

export class AssignmentIndex {
  constructor(private readonly store: Store) {}

  /**
   * Names are unique in the tenant and a grant (scope, principal, role) is made once: the store
   * enforces both (UniqueIndexConflict on index "name" or "dedup"), so two processes on one
   * database cannot both create the same grant under two names.
   */
  put(a: StoredAssignment): void {
    this.store.put(
      ROLE_ASSIGNMENTS,
      assignmentKey(a.scopeKey, a.name),
      a,
      {
        scope: a.scopeKey,
        name: a.name.toLowerCase(),
        principal: a.principalId.toLowerCase(),
        role: a.roleDefinitionGuid,
        dedup: dedupKey(a.scopeKey, a.principalId, a.roleDefinitionGuid),
      },
      { unique: ["name", "dedup"] },
    );
  }

  get(scopeKey: string, name: string): StoredAssignment | undefined {
    return this.store.get<StoredAssignment>(ROLE_ASSIGNMENTS, assignmentKey(scopeKey, name));
  }

  delete(a: StoredAssignment): boolean {
    return this.store.delete(ROLE_ASSIGNMENTS, assignmentKey(a.scopeKey, a.name));
  }

  /** Names are unique in the tenant, whatever the scope. */
  byName(name: string): StoredAssignment | undefined {
    return this.values(this.store.findByIndex<StoredAssignment>(ROLE_ASSIGNMENTS, "name", name.toLowerCase()))[0];
  }

  sameGrant(scopeKey: string, principalId: string, roleGuid: string): StoredAssignment | undefined {
    return this.values(this.store.findByIndex<StoredAssignment>(ROLE_ASSIGNMENTS, "dedup", dedupKey(scopeKey, principalId, roleGuid)))[0];
  }

  byPrincipal(principalId: string): StoredAssignment[] {
    return this.values(this.store.findByIndex<StoredAssignment>(ROLE_ASSIGNMENTS, "principal", principalId.toLowerCase()));
  }

  usesRole(roleGuid: string): boolean {
    return this.store.findByIndex(ROLE_ASSIGNMENTS, "role", roleGuid.toLowerCase()).length > 0;
  }

  at(scope: ResourceId): StoredAssignment[] {
    return this.values(this.store.findByIndex<StoredAssignment>(ROLE_ASSIGNMENTS, "scope", scope.key));
  }

  /** At each of these scopes, in their order: given a scope's chain (ScopeHierarchy.chain), the assignments at or above it, nearest first. */
  atScopes(scopes: readonly ResourceId[]): StoredAssignment[] {
    return scopes.flatMap((s) => this.at(s));
  }

  /** Strictly below the scope, from one key range. */
  below(scope: ResourceId): StoredAssignment[] {
    if (scope.key === "/") {
      return this.values(this.store.list<StoredAssignment>(ROLE_ASSIGNMENTS, { prefix: "/" })).filter((a) => a.scopeKey !== "/");
    }
    return this.values(this.store.list<StoredAssignment>(ROLE_ASSIGNMENTS, { prefix: `${scope.key}/` }));
  }

  private values(items: StoredItem<StoredAssignment>[]): StoredAssignment[] {
    return items.map((i) => i.value);
  }
}
