/**
 * Management groups: the tree above subscriptions. The tenant root group (named after the tenant,
 * "Tenant Root Group") exists from the start and is never stored until it is changed; every
 * subscription sits under the root until it is moved. Groups and subscription placements live in
 * the store like everything else, so the tree survives restarts and is shared by replicas.
 */
import { armErrors, managementGroupScope, type Store } from "@azmi/arm-core";

export const MANAGEMENT_GROUPS = "management.groups";
export const SUBSCRIPTION_PLACEMENTS = "management.subscriptionPlacements";
export const HIERARCHY_SETTINGS = "management.hierarchySettings";
export const MANAGEMENT_GROUP_TYPE = "Microsoft.Management/managementGroups";
export const ROOT_GROUP_DISPLAY_NAME = "Tenant Root Group";

export interface StoredManagementGroup {
  /** As the client sent it. */
  readonly name: string;
  readonly displayName: string;
  /** The parent group's name; null only for the tenant root group. */
  readonly parent: string | null;
  /** Azure counts the group's changes from 1. */
  readonly version: number;
  readonly updatedTime: string;
  readonly updatedBy: string;
}

interface StoredPlacement {
  readonly subscriptionId: string;
  readonly parent: string;
}

export interface HierarchySettings {
  readonly defaultManagementGroup?: string;
  readonly requireAuthorizationForGroupCreation?: boolean;
}

export interface ManagementGroupChange {
  readonly displayName?: string | undefined;
  /** The new parent's id (`/providers/Microsoft.Management/managementGroups/{name}`) or name. */
  readonly parentId?: string | undefined;
}

export interface ManagementGroupsOptions {
  readonly store: Store;
  readonly tenantId: string;
  /** The subscriptions the tenant holds (they all start under the root group). */
  readonly subscriptions: () => readonly string[];
}

export interface ChangeContext {
  readonly actor: string;
  readonly now: Date;
}

/** A child of a group: another group or a subscription. */
export type ManagementGroupChild =
  { readonly kind: "group"; readonly group: StoredManagementGroup } | { readonly kind: "subscription"; readonly subscriptionId: string };

/** Azure: up to 90 characters of letters, digits, `-`, `_`, `(`, `)` and `.`, not ending with a period. */
const GROUP_NAME = /^[A-Za-z0-9\-_().]{1,90}$/;

const lower = (s: string) => s.toLowerCase();

/** The group name in `/providers/Microsoft.Management/managementGroups/{name}`, or the text itself when it is a bare name. */
export function groupNameOf(idOrName: string): string {
  const match = /^\/?providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/?$/i.exec(idOrName.trim());
  return match ? match[1]! : idOrName.trim();
}

export function managementGroupNotFound(name: string) {
  return armErrors.notFound(`'${managementGroupScope(name).id}' not found`);
}

export class ManagementGroups {
  /** The root group as it is until it is changed (and stored): asked for on every RBAC question. */
  private readonly defaultRoot: StoredManagementGroup;
  private readonly rootKey: string;

  constructor(private readonly options: ManagementGroupsOptions) {
    this.rootKey = lower(options.tenantId);
    this.defaultRoot = Object.freeze({
      name: options.tenantId,
      displayName: ROOT_GROUP_DISPLAY_NAME,
      parent: null,
      version: 1,
      updatedTime: "2015-01-01T00:00:00Z",
      updatedBy: "",
    });
  }

  get rootName(): string {
    return this.options.tenantId;
  }

  isRoot(name: string): boolean {
    return lower(name) === this.rootKey;
  }

  get(name: string): StoredManagementGroup | undefined {
    const key = lower(name);
    const stored = this.options.store.get<StoredManagementGroup>(MANAGEMENT_GROUPS, key);
    return stored !== undefined || key !== this.rootKey ? stored : this.defaultRoot;
  }

  require(name: string): StoredManagementGroup {
    const group = this.get(name);
    if (group === undefined) throw managementGroupNotFound(name);
    return group;
  }

  /** Every group, the root first. */
  list(): StoredManagementGroup[] {
    const stored = this.options.store.list<StoredManagementGroup>(MANAGEMENT_GROUPS).map((i) => i.value);
    const root = this.get(this.rootName)!;
    return [root, ...stored.filter((g) => !this.isRoot(g.name))];
  }

  /** The group's parent chain, nearest first, ending with the root group (empty for the root). */
  ancestors(name: string): StoredManagementGroup[] {
    const out: StoredManagementGroup[] = [];
    const seen = new Set<string>([lower(name)]);
    let parent = this.get(name)?.parent ?? null;
    while (parent !== null && !seen.has(lower(parent))) {
      const group = this.get(parent);
      if (group === undefined) break;
      out.push(group);
      seen.add(lower(parent));
      parent = group.parent;
    }
    return out;
  }

  /** The group a subscription sits under. */
  groupOfSubscription(subscriptionId: string): StoredManagementGroup {
    const placed = this.options.store.get<StoredPlacement>(SUBSCRIPTION_PLACEMENTS, lower(subscriptionId));
    return (placed !== undefined ? this.get(placed.parent) : undefined) ?? this.get(this.rootName)!;
  }

  hasSubscription(subscriptionId: string): boolean {
    return this.options.subscriptions().some((s) => lower(s) === lower(subscriptionId));
  }

  children(name: string): ManagementGroupChild[] {
    const key = lower(name);
    const groups = this.options.store
      .findByIndex<StoredManagementGroup>(MANAGEMENT_GROUPS, "parent", key)
      .map((i) => ({ kind: "group" as const, group: i.value }));
    const subscriptions = this.options
      .subscriptions()
      .filter((s) => lower(this.groupOfSubscription(s).name) === key)
      .map((subscriptionId) => ({ kind: "subscription" as const, subscriptionId }));
    return [...groups, ...subscriptions];
  }

  /** Every group and subscription below the group, parents before their children. */
  descendants(name: string): ManagementGroupChild[] {
    const out: ManagementGroupChild[] = [];
    const queue = [name];
    while (queue.length > 0) {
      for (const child of this.children(queue.shift()!)) {
        out.push(child);
        if (child.kind === "group") queue.push(child.group.name);
      }
    }
    return out;
  }

  /** Creates the group or changes it (PUT and PATCH): a new group goes under the root unless a parent is named. */
  put(name: string, change: ManagementGroupChange, context: ChangeContext): { group: StoredManagementGroup; created: boolean } {
    return this.options.store.transaction(() => {
      const existing = this.get(name);
      if (existing === undefined) validateGroupName(name);
      const parent = change.parentId === undefined || change.parentId === "" ? undefined : this.requireParent(name, groupNameOf(change.parentId));
      if (existing !== undefined && this.isRoot(name) && parent !== undefined) {
        throw armErrors.badRequest("The root management group cannot be moved under another management group.");
      }
      const group: StoredManagementGroup = {
        name: existing?.name ?? name,
        displayName: change.displayName ?? existing?.displayName ?? name,
        parent: this.isRoot(name) ? null : (parent?.name ?? existing?.parent ?? this.rootName),
        version: existing === undefined ? 1 : existing.version + 1,
        updatedTime: context.now.toISOString(),
        updatedBy: context.actor,
      };
      this.options.store.put(MANAGEMENT_GROUPS, lower(name), group, group.parent === null ? {} : { parent: lower(group.parent) });
      return { group, created: existing === undefined };
    });
  }

  /** Azure refuses to delete the root group and a group that still holds groups or subscriptions. */
  delete(name: string): boolean {
    return this.options.store.transaction(() => {
      const group = this.get(name);
      if (group === undefined) return false;
      if (this.isRoot(name)) throw armErrors.badRequest("The root management group cannot be deleted.");
      if (this.children(name).length > 0) {
        throw armErrors.conflict(`Management group '${group.name}' has children. Move or delete its management groups and subscriptions before deleting it.`);
      }
      return this.options.store.delete(MANAGEMENT_GROUPS, lower(name));
    });
  }

  /** Moves a subscription under the group (PUT managementGroups/{g}/subscriptions/{s}). */
  placeSubscription(name: string, subscriptionId: string): StoredManagementGroup {
    return this.options.store.transaction(() => {
      const group = this.require(name);
      if (!this.hasSubscription(subscriptionId)) throw armErrors.subscriptionNotFound(subscriptionId);
      if (this.isRoot(group.name)) this.options.store.delete(SUBSCRIPTION_PLACEMENTS, lower(subscriptionId));
      else this.options.store.put<StoredPlacement>(SUBSCRIPTION_PLACEMENTS, lower(subscriptionId), { subscriptionId, parent: group.name });
      return group;
    });
  }

  /** DELETE managementGroups/{g}/subscriptions/{s}: the subscription goes back under the root group. */
  removeSubscription(name: string, subscriptionId: string): void {
    this.options.store.transaction(() => {
      this.require(name);
      if (lower(this.groupOfSubscription(subscriptionId).name) === lower(name)) this.options.store.delete(SUBSCRIPTION_PLACEMENTS, lower(subscriptionId));
    });
  }

  settings(): HierarchySettings | undefined {
    return this.options.store.get<HierarchySettings>(HIERARCHY_SETTINGS, "default");
  }

  putSettings(settings: HierarchySettings, merge: boolean): HierarchySettings {
    return this.options.store.transaction(() => {
      const next = merge ? { ...(this.settings() ?? {}), ...settings } : settings;
      if (next.defaultManagementGroup !== undefined) this.require(groupNameOf(next.defaultManagementGroup));
      this.options.store.put(HIERARCHY_SETTINGS, "default", next);
      return next;
    });
  }

  deleteSettings(): void {
    this.options.store.delete(HIERARCHY_SETTINGS, "default");
  }

  private requireParent(name: string, parentName: string): StoredManagementGroup {
    const parent = this.get(parentName);
    if (parent === undefined) throw managementGroupNotFound(parentName);
    if (lower(parent.name) === lower(name) || this.ancestors(parent.name).some((a) => lower(a.name) === lower(name))) {
      throw armErrors.badRequest(`Management group '${name}' cannot be moved under '${parent.name}': it would become its own descendant.`);
    }
    return parent;
  }
}

function validateGroupName(name: string): void {
  if (!GROUP_NAME.test(name) || name.endsWith(".")) {
    throw armErrors.badRequest(
      `The management group name '${name}' is invalid. It can contain up to 90 letters, digits, hyphens, underscores, periods and parentheses, and cannot end with a period.`,
    );
  }
}
