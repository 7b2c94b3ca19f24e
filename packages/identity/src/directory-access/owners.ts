/**
 * Owners of applications and service principals (Graph's `owners` navigation): directory
 * objects that may manage them. Whoever creates an application becomes its owner, as on Azure;
 * an owner holding Application.ReadWrite.OwnedBy (or a signed-in owner) may then change it.
 */
import type { Store } from "@azmi/arm-core";

const COLLECTION = "directoryOwners";

interface Ownership {
  readonly objectId: string;
  readonly ownerId: string;
}

const key = (objectId: string, ownerId: string) => `${objectId.toLowerCase()}/${ownerId.toLowerCase()}`;

export class DirectoryOwners {
  constructor(private readonly store: Store) {}

  /** Owner ids of an object, in order. */
  ownersOf(objectId: string): string[] {
    return this.store.findByIndex<Ownership>(COLLECTION, "object", objectId.toLowerCase()).map((r) => r.value.ownerId);
  }

  owns(ownerId: string, objectId: string): boolean {
    return this.store.get(COLLECTION, key(objectId, ownerId)) !== undefined;
  }

  /** Adds an owner; false when it already was one. */
  add(objectId: string, ownerId: string): boolean {
    if (this.owns(ownerId, objectId)) return false;
    this.store.put<Ownership>(COLLECTION, key(objectId, ownerId), { objectId, ownerId }, { object: objectId.toLowerCase(), owner: ownerId.toLowerCase() });
    return true;
  }

  remove(objectId: string, ownerId: string): boolean {
    return this.store.delete(COLLECTION, key(objectId, ownerId));
  }

  /** A deleted object loses its owners and stops owning anything. */
  forgetObject(id: string): void {
    for (const r of this.store.findByIndex<Ownership>(COLLECTION, "object", id.toLowerCase())) this.store.delete(COLLECTION, r.key);
    for (const r of this.store.findByIndex<Ownership>(COLLECTION, "owner", id.toLowerCase())) this.store.delete(COLLECTION, r.key);
  }
}
