/**
 * Deny assignments (Microsoft.Authorization/denyAssignments): who they name (or everyone), whom
 * they exclude, the permission blocks they deny, the scope they sit on and whether they reach the
 * scopes below it. Azure makes them (deployment stacks, managed applications); clients only read
 * them. A deny assignment that covers an operation wins over every role assignment, in every
 * auth mode: the decision is made here, the emulator only asks.
 */
import { isAtOrBelow, parseResourceId, scopeChain, type ResourceId, type Store } from "@azmi/arm-core";
import type { ScopeHierarchy } from "./scope-hierarchy.js";
import { z } from "zod";
import { parseDenyFilter } from "./deny-filter.js";
import { blockGrants, permissionSchema, type OperationKind } from "./permissions.js";

export const DENY_ASSIGNMENT_TYPE = "Microsoft.Authorization/denyAssignments";
const COLLECTION = "rbac.denyAssignments";

/** The principal id Azure uses in a deny assignment for "every principal" (type SystemDefined). */
export const EVERYONE = "00000000-0000-0000-0000-000000000000";

export const denyPrincipalSchema = z.object({ id: z.string().min(1), type: z.string().default("SystemDefined") });
export type DenyPrincipal = z.output<typeof denyPrincipalSchema>;

/** A deny assignment as Azure shows it, and as it is stored. */
export const denyAssignmentSchema = z.object({
  /** The last segment of its id; a GUID for the ones Azure makes. */
  name: z.string().min(1),
  /** Its scope's id, in the casing it was made with ("/" for the tenant root). */
  scope: z.string().min(1),
  denyAssignmentName: z.string().min(1),
  description: z.string().default(""),
  permissions: z.array(permissionSchema).default([]),
  principals: z.array(denyPrincipalSchema).default([]),
  excludePrincipals: z.array(denyPrincipalSchema).default([]),
  doNotApplyToChildScopes: z.boolean().default(false),
  isSystemProtected: z.boolean().default(true),
  /** What made it (a deployment stack's id), so its maker can remove what it made. */
  createdBy: z.string().optional(),
});
export type DenyAssignment = z.output<typeof denyAssignmentSchema>;
export type DenyAssignmentInput = z.input<typeof denyAssignmentSchema>;

export interface DenyAssignmentView {
  readonly id: string;
  readonly name: string;
  readonly type: typeof DENY_ASSIGNMENT_TYPE;
  readonly properties: {
    readonly denyAssignmentName: string;
    readonly description: string;
    readonly permissions: DenyAssignment["permissions"];
    readonly scope: string;
    readonly doNotApplyToChildScopes: boolean;
    readonly principals: readonly DenyPrincipal[];
    readonly excludePrincipals: readonly DenyPrincipal[];
    readonly isSystemProtected: boolean;
  };
}

export function denyAssignmentIdAt(scopeId: string, name: string): string {
  return `${scopeId === "/" ? "" : scopeId}/providers/Microsoft.Authorization/denyAssignments/${name}`;
}

export function denyAssignmentView(deny: DenyAssignment): DenyAssignmentView {
  return {
    id: denyAssignmentIdAt(deny.scope, deny.name),
    name: deny.name,
    type: DENY_ASSIGNMENT_TYPE,
    properties: {
      denyAssignmentName: deny.denyAssignmentName,
      description: deny.description,
      permissions: deny.permissions.map((p) => ({
        actions: p.actions,
        notActions: p.notActions,
        dataActions: p.dataActions,
        notDataActions: p.notDataActions,
      })),
      scope: deny.scope,
      doNotApplyToChildScopes: deny.doNotApplyToChildScopes,
      principals: deny.principals,
      excludePrincipals: deny.excludePrincipals,
      isSystemProtected: deny.isSystemProtected,
    },
  };
}

/**
 * Does the deny assignment reach `scope`? At its own scope always; below it unless
 * doNotApplyToChildScopes. Scope reach is the hierarchy's (management groups included), the
 * rule role assignments follow; without one, key prefixes (a list with no management groups).
 */
export function denyReaches(deny: DenyAssignment, scope: ResourceId, hierarchy?: Pick<ScopeHierarchy, "reaches">): boolean {
  if (!(hierarchy === undefined ? isAtOrBelow(scope, deny.scope) : hierarchy.reaches(deny.scope, scope))) return false;
  return !deny.doNotApplyToChildScopes || isAtOrBelow(deny.scope, scope);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export interface DenyVerdict {
  readonly denies: boolean;
  readonly reason: string;
}

/** Undefined when the deny assignment is about other principals. */
export function denyVerdict(deny: DenyAssignment, principalId: string, operation: string, kind: OperationKind): DenyVerdict | undefined {
  if (deny.excludePrincipals.some((p) => same(p.id, principalId))) return { denies: false, reason: "the principal is excluded from it" };
  if (!deny.principals.some((p) => same(p.id, principalId) || same(p.id, EVERYONE))) return undefined;
  // A deny block reads like a role's: actions minus notActions are what it denies.
  const denies = deny.permissions.some((block) => blockGrants(block, operation, kind));
  return {
    denies,
    reason: denies
      ? "denied"
      : `not in its ${kind === "action" ? "actions" : "dataActions"} (or excluded by its ${kind === "action" ? "notActions" : "notDataActions"})`,
  };
}

export interface ConsideredDeny {
  readonly deny: DenyAssignment;
  readonly denied: boolean;
  readonly reason: string;
}

export interface DenyDecision {
  /** The deny assignment that refuses the operation, nearest the scope first; undefined when none does. */
  readonly deniedBy: DenyAssignment | undefined;
  /** Every deny assignment reaching the scope that names the principal (or everyone), with why it did or did not deny. */
  readonly considered: readonly ConsideredDeny[];
}

export interface DenyQuery {
  readonly principalId: string;
  readonly operation: string;
  readonly kind?: OperationKind;
  readonly scope: ResourceId;
}

/** Where deny assignments are looked up: azmi's store, or an embedder's own list. */
export interface DenyAssignmentSource {
  /** The deny assignments reaching `scope` (at it, or above it and applying to child scopes). */
  reaching(scope: ResourceId): readonly DenyAssignment[];
}

export function decideDeny(source: DenyAssignmentSource, query: DenyQuery): DenyDecision {
  const kind = query.kind ?? "action";
  const considered: ConsideredDeny[] = [];
  let deniedBy: DenyAssignment | undefined;
  for (const deny of source.reaching(query.scope)) {
    const verdict = denyVerdict(deny, query.principalId, query.operation, kind);
    if (verdict === undefined) continue;
    considered.push({ deny, denied: verdict.denies, reason: verdict.reason });
    if (verdict.denies) deniedBy ??= deny;
  }
  return { deniedBy, considered };
}

function denyKey(scopeKey: string, name: string): string {
  return `${scopeKey}|${name.toLowerCase()}`;
}

/**
 * Deny assignments in the store, keyed `<scope key>|<name>` and indexed by scope, name and maker:
 * "reaching a scope" is one look-up per enclosing scope, "below a scope" one key range.
 */
export class DenyAssignments implements DenyAssignmentSource {
  constructor(
    private readonly store: Store,
    /** What is above a scope; without it, only what its id says (no management groups). */
    private readonly hierarchy?: ScopeHierarchy,
  ) {}

  /** Creates or replaces one (Azure's own makers do this; ARM clients cannot). */
  put(input: DenyAssignmentInput): DenyAssignment {
    const deny = denyAssignmentSchema.parse(input);
    const scope = parseResourceId(deny.scope);
    this.store.put(COLLECTION, denyKey(scope.key, deny.name), deny, {
      scope: scope.key,
      name: deny.name.toLowerCase(),
      ...(deny.createdBy === undefined ? {} : { maker: deny.createdBy.toLowerCase() }),
    });
    return deny;
  }

  get(scope: ResourceId, name: string): DenyAssignment | undefined {
    return this.store.get<DenyAssignment>(COLLECTION, denyKey(scope.key, name));
  }

  /** By name alone, whatever its scope (names are GUIDs, unique in the tenant). */
  byName(name: string): DenyAssignment | undefined {
    return this.store.findByIndex<DenyAssignment>(COLLECTION, "name", name.toLowerCase())[0]?.value;
  }

  /** Those made by `maker` (a deployment stack's id). */
  madeBy(maker: string): DenyAssignment[] {
    return this.store.findByIndex<DenyAssignment>(COLLECTION, "maker", maker.toLowerCase()).map((i) => i.value);
  }

  delete(deny: DenyAssignment): boolean {
    return this.store.delete(COLLECTION, denyKey(parseResourceId(deny.scope).key, deny.name));
  }

  at(scope: ResourceId): DenyAssignment[] {
    return this.store.findByIndex<DenyAssignment>(COLLECTION, "scope", scope.key).map((i) => i.value);
  }

  /** At the scope and every enclosing one, nearest first. */
  atOrAbove(scope: ResourceId): DenyAssignment[] {
    return (this.hierarchy?.chain(scope) ?? scopeChain(scope)).flatMap((s) => this.at(s));
  }

  reaching(scope: ResourceId): DenyAssignment[] {
    return this.atOrAbove(scope).filter((d) => denyReaches(d, scope, this.hierarchy));
  }

  below(scope: ResourceId): DenyAssignment[] {
    const prefix = scope.key === "/" ? "/" : `${scope.key}/`;
    return this.store
      .list<DenyAssignment>(COLLECTION, { prefix })
      .map((i) => i.value)
      .filter((d) => parseResourceId(d.scope).key !== scope.key);
  }

  /**
   * GET {scope}/providers/Microsoft.Authorization/denyAssignments[?$filter=...], as Azure
   * answers it: no filter → at, above and below the scope; atScope() → at and above;
   * principalId eq / assignedTo() / gdprExportPrincipalId eq → those naming that principal (or
   * everyone) and not excluding it; denyAssignmentName eq → that name.
   */
  list(scope: ResourceId, filter?: string | null): DenyAssignment[] {
    const query = parseDenyFilter(filter);
    const above = this.atOrAbove(scope);
    let found = query.atScope ? above : [...above, ...this.below(scope)];
    if (query.principalId !== undefined) {
      const pid = query.principalId;
      found = found.filter((d) => d.principals.some((p) => same(p.id, pid) || same(p.id, EVERYONE)) && !d.excludePrincipals.some((p) => same(p.id, pid)));
    }
    if (query.denyAssignmentName !== undefined) found = found.filter((d) => same(d.denyAssignmentName, query.denyAssignmentName!));
    return found;
  }

  /** A scope is gone: the deny assignments on it and below it go too. */
  deleteAtAndBelow(scope: ResourceId): number {
    return this.store.transaction(() => {
      const doomed = [...this.at(scope), ...this.below(scope)];
      for (const d of doomed) this.delete(d);
      return doomed.length;
    });
  }
}
