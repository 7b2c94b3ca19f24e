/**
 * What a deployment stack decides, as Azure does: which resources it manages after a run,
 * which left it (and whether each is deleted or detached, by the kind of resource), and the
 * deny assignments its deny settings put on each managed resource. Plain values in and out: the
 * emulator performs the deletes and stores the deny assignments.
 */
import { createHash } from "node:crypto";
import { parseResourceId, sameId } from "@azmi/arm-core";
import type { JsonObject } from "../json-value.js";
import type { ActionOnUnmanage, DenySettings, DenySettingsMode, UnmanageAction } from "./stack-body.js";

export type ManagedKind = "resources" | "resourceGroups" | "managementGroups";

/** Which actionOnUnmanage field governs a resource: groups and management groups have their own. */
export function managedKindOf(id: string): ManagedKind {
  const parsed = parseResourceId(id);
  if (parsed.kind === "resourceGroup") return "resourceGroups";
  if (parsed.kind === "managementGroup") return "managementGroups";
  return "resources";
}

/** The action for a resource leaving the stack; groups default to detach when the body says nothing. */
export function unmanageActionFor(id: string, action: ActionOnUnmanage): UnmanageAction {
  return action[managedKindOf(id)] ?? "detach";
}

export interface StackChange {
  /** Resources the stack manages after the run, in the deployment's order. */
  readonly managed: readonly string[];
  /** Resources it managed before and not any more, deepest first (children before parents, resources before groups). */
  readonly unmanaged: readonly string[];
}

export function stackChange(before: readonly string[], deployed: readonly string[]): StackChange {
  const managed: string[] = [];
  for (const id of deployed) if (!managed.some((m) => sameId(m, id))) managed.push(id);
  const unmanaged = before.filter((id) => !managed.some((m) => sameId(m, id)));
  return { managed, unmanaged: deepestFirst(unmanaged) };
}

/** Deletes go children first and groups last, so nothing is deleted under what is already gone. */
export function deepestFirst(ids: readonly string[]): string[] {
  const depth = (id: string) => (managedKindOf(id) === "resources" ? 1000 : 0) + id.split("/").length;
  return [...ids].sort((a, b) => depth(b) - depth(a));
}

/** A deny assignment a stack's deny settings make, in @azmi/rbac's DenyAssignmentInput shape. */
export interface StackDenyAssignment {
  readonly name: string;
  readonly scope: string;
  readonly denyAssignmentName: string;
  readonly description: string;
  readonly permissions: Array<{ actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }>;
  readonly principals: Array<{ id: string; type: string }>;
  readonly excludePrincipals: Array<{ id: string; type: string }>;
  readonly doNotApplyToChildScopes: boolean;
  readonly isSystemProtected: true;
  readonly createdBy: string;
}

const EVERYONE = "00000000-0000-0000-0000-000000000000";

/**
 * What each mode denies, as Azure documents its deny settings: denyDelete denies `*\/delete`,
 * denyWriteAndDelete everything but reads; `Microsoft.Authorization/locks/delete` (and for
 * denyWriteAndDelete `*\/read`) is appended to the excluded actions, duplicates removed.
 */
const DENIED: Readonly<Record<Exclude<DenySettingsMode, "none">, { actions: string[]; alwaysExcluded: string[] }>> = {
  denyDelete: { actions: ["*/delete"], alwaysExcluded: ["Microsoft.Authorization/locks/delete"] },
  denyWriteAndDelete: { actions: ["*"], alwaysExcluded: ["*/read", "Microsoft.Authorization/locks/delete"] },
};

/** A GUID derived from the stack and the resource, so a re-run names the same deny assignment. */
export function stackDenyAssignmentName(stackId: string, resourceId: string): string {
  const h = createHash("sha256").update(`${stackId.toLowerCase()}|${resourceId.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface DenyAssignmentPlan {
  readonly stackId: string;
  readonly settings: DenySettings;
  readonly managed: readonly string[];
  /** The directory's type of each excluded principal (User, ServicePrincipal ...). */
  readonly principalType: (principalId: string) => string;
}

/**
 * One deny assignment per managed resource, named and described as Azure names them ("Deny
 * assignment '{guid}' created by Deployment Stack '{stack id}'."), denying everyone but the
 * excluded principals. The stack's own deployer is not excluded: Azure does not exclude it
 * either, so an Owner who made the stack is refused like anyone else.
 */
export function stackDenyAssignments(plan: DenyAssignmentPlan): StackDenyAssignment[] {
  const { mode } = plan.settings;
  if (mode === "none") return [];
  const denied = DENIED[mode];
  const notActions = [...denied.alwaysExcluded, ...(plan.settings.excludedActions ?? [])].filter(
    (a, i, all) => all.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i,
  );
  return plan.managed.map((scope) => {
    const name = stackDenyAssignmentName(plan.stackId, scope);
    return {
      name,
      scope,
      denyAssignmentName: `Deny assignment '${name}' created by Deployment Stack '${plan.stackId}'.`,
      description: `Created by Deployment Stack '${plan.stackId}'.`,
      permissions: [{ actions: [...denied.actions], notActions, dataActions: [], notDataActions: [] }],
      principals: [{ id: EVERYONE, type: "SystemDefined" }],
      excludePrincipals: (plan.settings.excludedPrincipals ?? []).map((id) => ({ id, type: plan.principalType(id) })),
      doNotApplyToChildScopes: plan.settings.applyToChildScopes !== true,
      isSystemProtected: true,
      createdBy: plan.stackId,
    };
  });
}

/** The `resources` entry Azure shows for a managed resource. */
export function managedResourceEntry(id: string, mode: DenySettingsMode): JsonObject {
  return { id, status: "managed", denyStatus: mode };
}
