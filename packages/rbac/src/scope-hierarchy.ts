/**
 * The one answer to "what is above this scope": resource → resource group → subscription → its
 * management group → … → the tenant root group → the tenant root `/`. A subscription's id is not
 * prefixed by its group's, so nothing that asks whether an assignment (or a deny assignment, or a
 * custom role's assignable scope) at X reaches Y may compare keys: it asks here. Moving a
 * subscription changes the answer at once, since the placement is read on every question.
 */
import { managementGroupScope, normalizeKey, parseResourceId, subscriptionScope, TENANT_ROOT, type ResourceId } from "@azmi/arm-core";
import type { ManagementGroups } from "./management-groups.js";

export class ScopeHierarchy {
  constructor(private readonly groups: ManagementGroups) {}

  /** The scope itself, then every scope above it, nearest first, ending with the tenant root `/`. */
  chain(scope: ResourceId): ResourceId[] {
    const out: ResourceId[] = [];
    for (let s: ResourceId | undefined = scope; s !== undefined; s = this.parentOf(s)) out.push(s);
    return out;
  }

  /** Every scope above `scope`, nearest first. */
  ancestors(scope: ResourceId): ResourceId[] {
    return this.chain(scope).slice(1);
  }

  /** The keys of chain(scope), for asking many "reaches" of one target. */
  chainKeys(scope: ResourceId): Set<string> {
    const keys = new Set<string>();
    for (let s: ResourceId | undefined = scope; s !== undefined; s = this.parentOf(s)) keys.add(s.key);
    return keys;
  }

  /** Does something at `outer` (an assignment's scope, an assignable scope) reach `inner`: is outer at or above it? */
  reaches(outer: ResourceId | string, inner: ResourceId): boolean {
    const key = typeof outer === "string" ? normalizeKey(outer) : outer.key;
    return this.chainKeys(inner).has(key);
  }

  /** Is one scope at, above or below the other? */
  related(a: ResourceId | string, b: ResourceId): boolean {
    if (this.reaches(a, b)) return true;
    const parsed = typeof a === "string" ? tryParse(a) : a;
    return parsed !== undefined && this.reaches(b, parsed);
  }

  /**
   * The scopes below `scope` that its key does not prefix: for a management group, every group
   * and subscription beneath it (whose own descendants their keys then prefix). Empty for others.
   */
  detachedDescendants(scope: ResourceId): ResourceId[] {
    if (scope.kind !== "managementGroup" || scope.managementGroupId === undefined) return [];
    return this.groups
      .descendants(scope.managementGroupId)
      .map((child) => (child.kind === "group" ? managementGroupScope(child.group.name) : subscriptionScope(child.subscriptionId)));
  }

  private parentOf(scope: ResourceId): ResourceId | undefined {
    if (scope.kind === "tenant") return undefined;
    if (scope.kind === "subscription") return managementGroupScope(this.groups.groupOfSubscription(scope.subscriptionId!).name);
    if (scope.kind === "managementGroup") {
      const group = this.groups.get(scope.managementGroupId!);
      return group?.parent == null ? TENANT_ROOT : managementGroupScope(group.parent);
    }
    return scope.parent;
  }
}

function tryParse(id: string): ResourceId | undefined {
  try {
    return parseResourceId(id);
  } catch {
    return undefined;
  }
}
