/**
 * Permission evaluation: may this principal perform this action (or data action) at this
 * scope? The assignments that count are the principal's at the scope and above it; the
 * answer names those that granted it and, for the ones that did not, why.
 */
import type { ResourceId } from "@azmi/arm-core";
import type { AssignmentIndex, StoredAssignment } from "./assignment-index.js";
import { evaluateCondition, type ConditionAttributes } from "./conditions.js";
import { anyMatches, blockGrants, type OperationKind, type Permission } from "./permissions.js";
import type { AssignmentPropagation } from "./propagation.js";
import type { RoleDefinitions } from "./role-definitions.js";
import type { ScopedRequirement } from "./scoped-requirements.js";
import type { ScopeHierarchy } from "./scope-hierarchy.js";

export interface PermissionQuery {
  readonly principalId: string;
  /** An operation name, e.g. Microsoft.Resources/subscriptions/resourceGroups/read. */
  readonly operation: string;
  readonly kind?: OperationKind;
  readonly scope: ResourceId;
  /** What the request carries for the assignments' conditions (a role assignment's role, principal, principal type). */
  readonly attributes?: ConditionAttributes;
}

export interface ConsideredAssignment {
  readonly assignment: StoredAssignment;
  readonly roleName: string | undefined;
  readonly granted: boolean;
  /** Why it did or did not grant the operation, for logs and denial headers. */
  readonly reason: string;
}

export interface PermissionDecision {
  readonly allowed: boolean;
  readonly decidedBy: readonly StoredAssignment[];
  readonly considered: readonly ConsideredAssignment[];
}

export class PermissionEvaluator {
  constructor(
    private readonly index: AssignmentIndex,
    private readonly definitions: RoleDefinitions,
    private readonly propagation: AssignmentPropagation,
    /** What is above a scope: management groups included. */
    readonly hierarchy: ScopeHierarchy,
  ) {}

  /** What decisions count for a principal: its assignments as far as they have propagated (--rbac-propagation-delay). */
  private assignmentsOf(principalId: string): StoredAssignment[] {
    return this.propagation.inEffect(principalId, this.index.byPrincipal(principalId));
  }

  /** The principal's assignments that reach `scope` (at it or above it). */
  assignmentsReaching(principalId: string, scope: ResourceId): StoredAssignment[] {
    const above = this.hierarchy.chainKeys(scope);
    return this.assignmentsOf(principalId).filter((a) => above.has(a.scopeKey));
  }

  check(query: PermissionQuery): PermissionDecision {
    const kind = query.kind ?? "action";
    const considered: ConsideredAssignment[] = [];
    const above = this.hierarchy.chainKeys(query.scope);
    const stored = this.index.byPrincipal(query.principalId);
    for (const a of this.propagation.inEffect(query.principalId, stored)) {
      if (!above.has(a.scopeKey)) continue;
      const def = this.definitions.find(a.roleDefinitionGuid);
      if (def === undefined) {
        considered.push({ assignment: a, roleName: undefined, granted: false, reason: "its role definition no longer exists" });
        continue;
      }
      const byRole = def.permissions.some((block) => blockGrants(block, query.operation, kind));
      if (!byRole) {
        considered.push({ assignment: a, roleName: def.roleName, granted: false, reason: explainDenial(def.permissions, query.operation, kind) });
        continue;
      }
      const condition =
        a.condition === null
          ? undefined
          : evaluateCondition(a.condition, { operation: query.operation, ...(query.attributes ? { attributes: query.attributes } : {}) });
      if (condition !== undefined && !condition.holds) {
        considered.push({ assignment: a, roleName: def.roleName, granted: false, reason: condition.reason });
        continue;
      }
      considered.push({ assignment: a, roleName: def.roleName, granted: true, reason: condition === undefined ? "granted" : "granted (its condition holds)" });
    }
    // Said, so that a 403 right after a grant explains itself (--rbac-propagation-delay).
    for (const { assignment, effectiveFrom } of this.propagation.pending(stored.filter((a) => above.has(a.scopeKey)))) {
      const reason = `not in effect yet: role assignments take time to propagate (--rbac-propagation-delay), this one from ${new Date(effectiveFrom).toISOString()}`;
      considered.push({ assignment, roleName: this.definitions.find(assignment.roleDefinitionGuid)?.roleName, granted: false, reason });
    }
    const decidedBy = considered.filter((c) => c.granted).map((c) => c.assignment);
    return { allowed: decidedBy.length > 0, decidedBy, considered };
  }

  /**
   * Does the principal hold any role assignment at, above or below `scope`? Azure shows a
   * subscription to exactly those principals. Read from the principal's own index entry.
   */
  holdsAnyRoleAround(principalId: string, scope: ResourceId): boolean {
    return this.assignmentsOf(principalId).some((a) => this.hierarchy.related(a.scopeKey, scope));
  }

  /** The first requirement the principal is not allowed, with the decision that refused it; undefined when every one is allowed. */
  firstRefused(principalId: string, requirements: readonly ScopedRequirement[]): { requirement: ScopedRequirement; decision: PermissionDecision } | undefined {
    for (const requirement of requirements) {
      const decision = this.check({ principalId, operation: requirement.action, scope: requirement.scope });
      if (!decision.allowed) return { requirement, decision };
    }
    return undefined;
  }

  /** GET {scope}/providers/Microsoft.Authorization/permissions: one entry per permission block of each role reaching the scope. */
  effectivePermissions(principalId: string, scope: ResourceId): Permission[] {
    const out: Permission[] = [];
    for (const a of this.assignmentsReaching(principalId, scope)) {
      const def = this.definitions.find(a.roleDefinitionGuid);
      for (const p of def?.permissions ?? []) {
        out.push({ actions: [...p.actions], notActions: [...p.notActions], dataActions: [...p.dataActions], notDataActions: [...p.notDataActions] });
      }
    }
    return out;
  }
}

function explainDenial(blocks: readonly Permission[], operation: string, kind: OperationKind): string {
  if (blocks.length === 0) return "the role has no permissions";
  const allow = kind === "action" ? "actions" : "dataActions";
  const deny = kind === "action" ? "notActions" : "notDataActions";
  const excluded = blocks.some((b) => anyMatches(b[allow], operation) && anyMatches(b[deny], operation));
  return excluded ? `excluded by the role's ${deny}` : `not in the role's ${allow}`;
}
