/**
 * The resources page's tree, from the inventory (read through ARM): subscriptions, their
 * resource groups, the resources in each group, and for every node the locks that apply to it,
 * its own and those inherited from the scopes above (ARM applies a lock to everything below it).
 */
import type { ArmResource, Inventory, Lock } from "./inventory.js";

export interface TreeLock {
  readonly id: string;
  readonly name: string;
  readonly level: string;
  /** The scope the lock sits on. */
  readonly scope: string;
  /** Set on a scope above this node. */
  readonly inherited: boolean;
}

export interface TreeIdentity {
  readonly kind: "system-assigned" | "user-assigned";
  /** The system-assigned principal id, or the user-assigned identity's resource id. */
  readonly principalId: string | undefined;
  readonly identityId: string | undefined;
}

export interface TreeResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string | undefined;
  readonly identities: readonly TreeIdentity[];
  readonly locks: readonly TreeLock[];
}

export interface TreeGroup {
  readonly id: string;
  readonly name: string;
  readonly location: string | undefined;
  readonly locks: readonly TreeLock[];
  readonly resources: readonly TreeResource[];
}

export interface TreeManagementGroup {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
}

export interface TreeSubscription {
  readonly id: string;
  /** The management groups above the subscription, the tenant root group first. */
  readonly managementGroups: readonly TreeManagementGroup[];
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly locks: readonly TreeLock[];
  readonly groups: readonly TreeGroup[];
}

const LOCK_SEGMENT = "/providers/microsoft.authorization/locks/";

/** The scope a lock sits on: its id up to /providers/Microsoft.Authorization/locks/. */
export function lockScope(lockId: string): string {
  const at = lockId.toLowerCase().lastIndexOf(LOCK_SEGMENT);
  return at === -1 ? lockId : lockId.slice(0, at);
}

/** Is `scope` this id or one of its ancestors (ARM ids compare without case)? */
function covers(scope: string, id: string): boolean {
  const s = scope.toLowerCase();
  const i = id.toLowerCase();
  return i === s || i.startsWith(`${s}/`);
}

function locksOf(id: string, locks: readonly Lock[]): TreeLock[] {
  return locks
    .map((l) => ({ lock: l, scope: lockScope(l.id) }))
    .filter(({ scope }) => covers(scope, id))
    .map(({ lock, scope }) => ({
      id: lock.id,
      name: lock.name,
      level: lock.properties.level,
      scope,
      inherited: scope.toLowerCase() !== id.toLowerCase(),
    }));
}

function identitiesOf(resource: ArmResource): TreeIdentity[] {
  const out: TreeIdentity[] = [];
  const block = resource.identity;
  if (block === undefined) return out;
  if ((block.type ?? "").toLowerCase().includes("systemassigned")) out.push({ kind: "system-assigned", principalId: block.principalId, identityId: undefined });
  for (const [identityId, value] of Object.entries(block.userAssignedIdentities ?? {})) {
    out.push({ kind: "user-assigned", principalId: value.principalId, identityId });
  }
  return out;
}

/** The groups above `id` (a subscription or group), root first, from the descendants' parents. */
function groupsAbove(id: string, inventory: Inventory): TreeManagementGroup[] {
  const byId = new Map<string, { parent?: string; displayName: string; name: string; id: string }>();
  for (const e of inventory.managementGroups) {
    const known = byId.get(e.id.toLowerCase());
    byId.set(e.id.toLowerCase(), {
      id: e.id,
      name: e.name,
      displayName: e.properties.displayName ?? known?.displayName ?? e.name,
      ...((e.properties.parent?.id ?? known?.parent) === undefined ? {} : { parent: e.properties.parent?.id ?? known!.parent! }),
    });
  }
  const out: TreeManagementGroup[] = [];
  const seen = new Set<string>();
  for (let parent = byId.get(id.toLowerCase())?.parent; parent !== undefined && !seen.has(parent.toLowerCase());) {
    seen.add(parent.toLowerCase());
    const group = byId.get(parent.toLowerCase());
    if (group === undefined) break;
    out.unshift({ id: group.id, name: group.name, displayName: group.displayName });
    parent = group.parent;
  }
  return out;
}

export function resourceTree(inventory: Inventory): TreeSubscription[] {
  return inventory.subscriptions.map((s) => {
    const subId = `/subscriptions/${s.subscriptionId}`;
    const groups = inventory.resourceGroups
      .filter((g) => covers(subId, g.id))
      .map((g) => ({
        id: g.id,
        name: g.name,
        location: g.location,
        locks: locksOf(g.id, inventory.locks),
        resources: inventory.resources
          .filter((r) => covers(g.id, r.id))
          .map((r) => ({ id: r.id, name: r.name, type: r.type, location: r.location, identities: identitiesOf(r), locks: locksOf(r.id, inventory.locks) })),
      }));
    return {
      id: subId,
      managementGroups: groupsAbove(subId, inventory),
      subscriptionId: s.subscriptionId,
      displayName: s.displayName,
      locks: locksOf(subId, inventory.locks),
      groups,
    };
  });
}
