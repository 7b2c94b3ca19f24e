/**
 * The RBAC service: one object holding definitions, assignments and the evaluator over one
 * store, wired to the scope-deleted event so assignments never outlive their scope.
 *
 * Custom role definitions are kept when one of their assignable scopes is deleted, as Azure
 * keeps them: they simply stop being visible (and assignable) there.
 */
import type { ResourceId, Store } from "@azmi/arm-core";
import { AssignmentIndex } from "./assignment-index.js";
import { shippedCatalogue, type BuiltInCatalogue } from "./builtin-catalogue.js";
import { DenyAssignments } from "./deny-assignments.js";
import { PermissionEvaluator } from "./evaluation.js";
import { ManagementGroups } from "./management-groups.js";
import { AssignmentPropagation } from "./propagation.js";
import { RoleAssignments, scopeNotFound, type PrincipalLookup } from "./role-assignments.js";
import { RoleDefinitions } from "./role-definitions.js";
import { ScopeHierarchy } from "./scope-hierarchy.js";

export interface RbacOptions {
  readonly store: Store;
  readonly tenantId: string;
  /** Does this scope (subscription, group, resource, management group) exist? */
  readonly scopeExists: (scope: ResourceId) => boolean;
  /** The directory's answer for a principal id; undefined when unknown. */
  readonly findPrincipal: PrincipalLookup;
  readonly catalogue?: BuiltInCatalogue;
  readonly now?: () => Date;
  /** --rbac-propagation-delay: how long added and removed assignments take to change decisions (default 0). */
  readonly propagationDelayMs?: number;
  /** The propagation clock, in epoch milliseconds (defaults to `now`). */
  readonly propagationNow?: () => number;
  /** The tenant's subscriptions: each sits under a management group (the root group until moved). */
  readonly subscriptions?: () => readonly string[];
}

export interface Rbac {
  readonly definitions: RoleDefinitions;
  readonly assignments: RoleAssignments;
  readonly evaluator: PermissionEvaluator;
  /** Deny assignments: they refuse what they cover before any role assignment is looked at. */
  readonly denyAssignments: DenyAssignments;
  readonly catalogue: BuiltInCatalogue;
  readonly managementGroups: ManagementGroups;
  /** What is above a scope (management groups included): ask it whether something at X reaches Y. */
  readonly hierarchy: ScopeHierarchy;
  /** The scope, or the not-found error of its kind (SubscriptionNotFound, ResourceGroupNotFound, ResourceNotFound). */
  requireScope(scope: ResourceId): ResourceId;
}

export function createRbac(options: RbacOptions): Rbac {
  const now = options.now ?? (() => new Date());
  const catalogue = options.catalogue ?? shippedCatalogue();
  const index = new AssignmentIndex(options.store);
  const managementGroups = new ManagementGroups({ store: options.store, tenantId: options.tenantId, subscriptions: options.subscriptions ?? (() => []) });
  const hierarchy = new ScopeHierarchy(managementGroups);
  // A management group exists when the tree holds it, whatever the caller's own idea of scopes.
  const scopeExists = (scope: ResourceId): boolean =>
    scope.kind === "managementGroup" ? managementGroups.get(scope.managementGroupId!) !== undefined : options.scopeExists(scope);
  const propagation = new AssignmentPropagation(options.store, {
    delayMs: options.propagationDelayMs ?? 0,
    now: options.propagationNow ?? (() => now().getTime()),
  });
  const definitions = new RoleDefinitions({
    store: options.store,
    catalogue,
    scopeExists,
    hasAssignments: (guid) => index.usesRole(guid),
    now,
    hierarchy,
  });
  const assignments = new RoleAssignments({
    store: options.store,
    index,
    definitions,
    scopeExists,
    findPrincipal: options.findPrincipal,
    tenantId: options.tenantId,
    now,
    propagation,
    hierarchy,
  });
  const evaluator = new PermissionEvaluator(index, definitions, propagation, hierarchy);
  const requireScope = (scope: ResourceId): ResourceId => {
    if (!scopeExists(scope)) throw scopeNotFound(scope);
    return scope;
  };
  return {
    definitions,
    assignments,
    evaluator,
    denyAssignments: new DenyAssignments(options.store, hierarchy),
    catalogue,
    managementGroups,
    hierarchy,
    requireScope,
  };
}
