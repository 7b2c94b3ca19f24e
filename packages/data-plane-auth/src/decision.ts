/**
 * The decision for one principal, one operation, one scope, as Azure makes it: a deny assignment
 * that covers the operation wins; otherwise one role assignment at the scope or above it whose
 * role grants the operation allows it; otherwise it is refused. Every assignment looked at is
 * reported with why it did or did not count, so a refusal can be explained.
 */
import { parseResourceId, type ResourceId } from "@azmi/arm-core";
import { assignmentIdAt, decideDeny, definitionIdAt, denyAssignmentIdAt, type DenyAssignmentSource, type OperationKind, type Rbac } from "@azmi/rbac";

export interface ConsideredRoleAssignment {
  readonly type: "roleAssignment";
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly roleName: string | null;
  readonly granted: boolean;
  readonly reason: string;
}

export interface ConsideredDenyAssignment {
  readonly type: "denyAssignment";
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly denied: boolean;
  readonly reason: string;
}

export type Considered = ConsideredRoleAssignment | ConsideredDenyAssignment;

export interface PrincipalDecision {
  readonly allowed: boolean;
  readonly reason: string;
  readonly considered: readonly Considered[];
}

export interface DecisionInput {
  readonly principalId: string;
  readonly operation: string;
  readonly kind: OperationKind;
  readonly scope: ResourceId;
}

/** The RBAC a decision reads; its deny assignments, when it has them, count unless the embedder gives its own. */
export type RoleAssignmentsReader = Pick<Rbac, "evaluator" | "definitions"> & Partial<Pick<Rbac, "denyAssignments">>;

export function decide(rbac: RoleAssignmentsReader, denies: DenyAssignmentSource | undefined, input: DecisionInput): PrincipalDecision {
  const { principalId, operation, kind, scope } = input;
  const kindName = kind === "action" ? "action" : "data action";
  const considered: Considered[] = [];
  let deniedBy: string | undefined;
  if (denies !== undefined) {
    const verdict = decideDeny(denies, { principalId, operation, kind, scope });
    for (const c of verdict.considered) {
      considered.push({
        type: "denyAssignment",
        id: denyAssignmentIdAt(c.deny.scope, c.deny.name),
        name: c.deny.denyAssignmentName,
        scope: c.deny.scope,
        denied: c.denied,
        reason: c.reason,
      });
    }
    if (verdict.deniedBy !== undefined) deniedBy = `'${verdict.deniedBy.denyAssignmentName}' at '${verdict.deniedBy.scope}'`;
  }

  const checked = rbac.evaluator.check({ principalId, operation, kind, scope });
  for (const c of checked.considered) {
    const a = c.assignment;
    const custom = rbac.definitions.find(a.roleDefinitionGuid)?.roleType === "CustomRole";
    considered.push({
      type: "roleAssignment",
      id: assignmentIdAt(a.scope, a.name),
      name: a.name,
      scope: a.scope,
      roleDefinitionId: definitionIdAt(parseResourceId(a.scope), a.roleDefinitionGuid, custom),
      roleName: c.roleName ?? null,
      granted: c.granted,
      reason: c.reason,
    });
  }

  if (deniedBy !== undefined) return { allowed: false, reason: `the ${kindName} ${operation} is denied by the deny assignment ${deniedBy}`, considered };
  const granting = checked.considered.find((c) => c.granted);
  if (granting !== undefined) {
    const role = granting.roleName ?? granting.assignment.roleDefinitionGuid;
    return { allowed: true, reason: `'${role}' assigned at '${granting.assignment.scope}' allows the ${kindName} ${operation}`, considered };
  }
  if (checked.considered.length === 0) {
    return {
      allowed: false,
      reason: `no role assignment of the principal applies at '${scope.id}' or above; none can allow the ${kindName} ${operation}`,
      considered,
    };
  }
  return {
    allowed: false,
    reason: `none of the ${checked.considered.length} role assignment(s) at '${scope.id}' or above allows the ${kindName} ${operation}`,
    considered,
  };
}
