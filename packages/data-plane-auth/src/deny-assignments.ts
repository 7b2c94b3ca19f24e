/**
 * Deny assignments, as far as a decision needs them: who they name (or everyone), whom they
 * exclude, and the permission blocks they deny. They win over every role assignment. The store
 * that holds them is the embedder's (azmi's RBAC, or an emulator's own list); it answers those at
 * or above a scope.
 */
import type { ResourceId } from "@azmi/arm-core";
import { blockGrants, type OperationKind, type Permission } from "@azmi/rbac";

/** The principal id Azure uses in a deny assignment for "every principal". */
export const EVERYONE = "00000000-0000-0000-0000-000000000000";

export interface DenyAssignment {
  readonly id: string;
  readonly name: string;
  readonly denyAssignmentName?: string;
  /** The scope it was made at. */
  readonly scope: string;
  readonly permissions: readonly Permission[];
  /** Object ids it denies; EVERYONE for all principals. */
  readonly principals: readonly string[];
  readonly excludePrincipals?: readonly string[];
}

export interface DenyAssignmentSource {
  /** The deny assignments made at `scope` or above it. */
  atOrAbove(scope: ResourceId): readonly DenyAssignment[];
}

export interface DenyVerdict {
  readonly denies: boolean;
  readonly reason: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Undefined when the deny assignment is about other principals. */
export function denyVerdict(deny: DenyAssignment, principalId: string, operation: string, kind: OperationKind): DenyVerdict | undefined {
  if ((deny.excludePrincipals ?? []).some((p) => same(p, principalId))) return { denies: false, reason: "the principal is excluded from it" };
  if (!deny.principals.some((p) => same(p, principalId) || same(p, EVERYONE))) return undefined;
  const denies = deny.permissions.some((block) => blockGrants(block, operation, kind));
  return { denies, reason: denies ? "denied" : `not in its ${kind === "action" ? "actions" : "dataActions"}` };
}
