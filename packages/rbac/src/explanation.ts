/**
 * "Why can / can't this principal do this here": the evaluator's decision laid out along the
 * scope chain (tenant root first, the target last), each level with the principal's assignments
 * sitting there and why each did or did not grant the operation, the one nearest the target that
 * grants it marked as the winner; for a refusal, the built-in roles that would grant it, fewest
 * permissions first, so the reader knows which assignment to make.
 */
import type { ResourceId } from "@azmi/arm-core";
import type { BuiltInCatalogue } from "./builtin-catalogue.js";
import type { PermissionEvaluator } from "./evaluation.js";
import { blockGrants, type OperationKind } from "./permissions.js";

export interface ExplainedAssignment {
  readonly name: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly roleName: string | undefined;
  readonly granted: boolean;
  readonly reason: string;
  /** The granting assignment nearest the target: the one that decides. */
  readonly winning: boolean;
}

export interface ExplainedLevel {
  readonly scope: string;
  readonly kind: ResourceId["kind"];
  readonly assignments: readonly ExplainedAssignment[];
}

export interface AccessExplanation {
  readonly principalId: string;
  readonly operation: string;
  readonly kind: OperationKind;
  readonly scope: string;
  readonly allowed: boolean;
  /** Root first, the target scope last. */
  readonly levels: readonly ExplainedLevel[];
  /** For a refusal: built-in roles that grant the operation (at most `suggestions`), least permissions first. */
  readonly rolesThatWouldAllow: ReadonlyArray<{ readonly roleDefinitionGuid: string; readonly roleName: string }>;
}

export interface ExplainQuery {
  readonly principalId: string;
  readonly operation: string;
  readonly kind?: OperationKind;
  readonly scope: ResourceId;
  readonly suggestions?: number;
}

const DEFAULT_SUGGESTIONS = 5;

export function explainAccess(evaluator: PermissionEvaluator, catalogue: BuiltInCatalogue, query: ExplainQuery): AccessExplanation {
  const kind = query.kind ?? "action";
  const decision = evaluator.check({ principalId: query.principalId, operation: query.operation, kind, scope: query.scope });
  const chain = evaluator.hierarchy.chain(query.scope).reverse();
  // Nearest the target wins: the last level holding a granting assignment.
  let winner: string | undefined;
  for (const level of chain) {
    const granting = decision.considered.find((c) => c.granted && c.assignment.scopeKey === level.key);
    if (granting !== undefined) winner = `${granting.assignment.scopeKey}|${granting.assignment.name}`;
  }
  const levels = chain.map((level) => ({
    scope: level.id,
    kind: level.kind,
    assignments: decision.considered
      .filter((c) => c.assignment.scopeKey === level.key)
      .map((c) => ({
        name: c.assignment.name,
        scope: c.assignment.scope,
        roleDefinitionId: c.assignment.roleDefinitionGuid,
        roleName: c.roleName,
        granted: c.granted,
        reason: c.reason,
        winning: `${c.assignment.scopeKey}|${c.assignment.name}` === winner,
      })),
  }));
  const rolesThatWouldAllow = decision.allowed ? [] : rolesGranting(catalogue, query.operation, kind, query.suggestions ?? DEFAULT_SUGGESTIONS);
  return { principalId: query.principalId, operation: query.operation, kind, scope: query.scope.id, allowed: decision.allowed, levels, rolesThatWouldAllow };
}

/** Built-in roles granting the operation, the narrowest (fewest granted patterns) first. */
export function rolesGranting(catalogue: BuiltInCatalogue, operation: string, kind: OperationKind, limit: number) {
  const breadth = (patterns: number, wildcard: boolean) => patterns + (wildcard ? 10_000 : 0);
  const granting = catalogue.roles
    .filter((role) => role.permissions.some((block) => blockGrants(block, operation, kind)))
    .map((role) => {
      const patterns = role.permissions.flatMap((b) => (kind === "action" ? b.actions : b.dataActions));
      return { role, size: breadth(patterns.length, patterns.includes("*")) };
    })
    .sort((a, b) => a.size - b.size || a.role.roleName.localeCompare(b.role.roleName))
    .map(({ role }) => role);
  // The narrowest roles are often specialised ones; the general roles people know come after them.
  const chosen = granting.slice(0, limit);
  for (const name of GENERAL_ROLES) {
    const general = granting.find((r) => r.roleName === name);
    if (general !== undefined && !chosen.includes(general)) chosen.push(general);
  }
  return chosen.map((role) => ({ roleDefinitionGuid: role.guid, roleName: role.roleName }));
}

const GENERAL_ROLES = ["Reader", "Contributor", "Owner"];

/** Every concrete operation name (no wildcard) the built-in roles mention: what an action field can offer to complete. */
export function knownOperations(catalogue: BuiltInCatalogue): KnownOperations {
  let known = knownByCatalogue.get(catalogue);
  if (known === undefined) {
    known = collectOperations(catalogue);
    knownByCatalogue.set(catalogue, known);
  }
  return known;
}

export interface KnownOperations {
  readonly actions: readonly string[];
  readonly dataActions: readonly string[];
}

const knownByCatalogue = new WeakMap<BuiltInCatalogue, KnownOperations>();

function collectOperations(catalogue: BuiltInCatalogue): KnownOperations {
  const actions = new Set<string>();
  const dataActions = new Set<string>();
  for (const role of catalogue.roles) {
    for (const block of role.permissions) {
      for (const a of [...block.actions, ...block.notActions]) if (!a.includes("*")) actions.add(a);
      for (const a of [...block.dataActions, ...block.notDataActions]) if (!a.includes("*")) dataActions.add(a);
    }
  }
  return { actions: [...actions].sort(), dataActions: [...dataActions].sort() };
}
