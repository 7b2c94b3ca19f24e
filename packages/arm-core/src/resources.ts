/**
 * Tracked ARM resources of every provider live in one collection, so that listing a
 * subscription's or a group's resources, and deleting a group with everything in it,
 * work the same whatever provider created them.
 */
import type { ResourceId } from "./resource-id.js";
import type { Store } from "./store/store.js";

export interface TrackedResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

const COLLECTION = "resources";

export class ResourceStore {
  constructor(private readonly store: Store) {}

  get<T extends TrackedResource = TrackedResource>(id: ResourceId): T | undefined {
    return this.store.get<T>(COLLECTION, id.key);
  }

  put(id: ResourceId, resource: TrackedResource): void {
    const type = (id.resourceType ?? resource.type).toLowerCase();
    const index: Record<string, string> = { parent: id.parent?.key ?? "/", type };
    if (id.subscriptionId !== undefined) index.subType = `${id.subscriptionId.toLowerCase()}|${type}`;
    if (id.resourceGroup !== undefined && id.subscriptionId !== undefined) {
      index.rg = `/subscriptions/${id.subscriptionId}/resourcegroups/${id.resourceGroup}`.toLowerCase();
      index.rgType = `${index.rg}|${type}`;
    }
    this.store.put(COLLECTION, id.key, resource, index);
  }

  delete(id: ResourceId): boolean {
    return this.store.delete(COLLECTION, id.key);
  }

  /** Direct children of `parent` (a group's top-level resources, or a resource's child resources). */
  listChildren<T extends TrackedResource = TrackedResource>(parent: ResourceId, type?: string): T[] {
    return this.store
      .findByIndex<T>(COLLECTION, "parent", parent.key)
      .map((r) => r.value)
      .filter((r) => type === undefined || r.type.toLowerCase() === type.toLowerCase());
  }

  /** Every resource of a subscription (any group, any depth), optionally of one type. */
  listInSubscription<T extends TrackedResource = TrackedResource>(subscriptionId: string, type?: string): T[] {
    if (type !== undefined) {
      return this.store.findByIndex<T>(COLLECTION, "subType", `${subscriptionId.toLowerCase()}|${type.toLowerCase()}`).map((r) => r.value);
    }
    return this.store.list<T>(COLLECTION, { prefix: `/subscriptions/${subscriptionId.toLowerCase()}/` }).map((r) => r.value);
  }

  /** Every resource in a resource group (any depth), optionally of one type. */
  listInResourceGroup<T extends TrackedResource = TrackedResource>(resourceGroup: ResourceId, type?: string): T[] {
    if (type !== undefined) {
      return this.store.findByIndex<T>(COLLECTION, "rgType", `${resourceGroup.key}|${type.toLowerCase()}`).map((r) => r.value);
    }
    return this.store.findByIndex<T>(COLLECTION, "rg", resourceGroup.key).map((r) => r.value);
  }

  /** Resources strictly below a scope, deepest first (the order to delete them in). */
  listBelow<T extends TrackedResource = TrackedResource>(scope: ResourceId): T[] {
    const prefix = scope.key === "/" ? "/" : `${scope.key}/`;
    return this.store
      .list<T>(COLLECTION, { prefix })
      .sort((a, b) => b.key.length - a.key.length)
      .map((r) => r.value);
  }
}
