/**
 * Resource groups live in their own collection, keyed by the group's lower-case id; the
 * document keeps the name's casing from creation. Every provider asks `exists` before it
 * creates something in a group (ResourceGroupNotFound otherwise).
 */
import { z } from "zod";
import { armErrors } from "./errors.js";
import { resourceGroupLocation, validateResourceGroupName } from "./resource-group-rules.js";
import { resourceGroupScope, type ResourceId } from "./resource-id.js";
import type { Store } from "./store/store.js";
import { validateTags } from "./tags.js";

export const RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups";

export interface ResourceGroup {
  readonly id: string;
  readonly name: string;
  readonly type: typeof RESOURCE_GROUP_TYPE;
  readonly location: string;
  readonly managedBy?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties: { readonly provisioningState: "Succeeded" };
}

/** PUT body; unknown fields are ignored, as ARM does. */
export const resourceGroupBody = z.object({
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).nullish(),
  managedBy: z.string().nullish(),
});
export type ResourceGroupBody = z.infer<typeof resourceGroupBody>;

/** PATCH body: tags and managedBy only (a group's location never changes). */
export const resourceGroupPatch = z.object({
  tags: z.record(z.string(), z.string()).nullish(),
  managedBy: z.string().nullish(),
});
export type ResourceGroupPatch = z.infer<typeof resourceGroupPatch>;

const COLLECTION = "resourceGroups";

export class ResourceGroupStore {
  constructor(private readonly store: Store) {}

  get(group: ResourceId): ResourceGroup | undefined {
    return this.store.get<ResourceGroup>(COLLECTION, group.key);
  }

  exists(group: ResourceId): boolean {
    return this.get(group) !== undefined;
  }

  /** The group, or ResourceGroupNotFound. */
  require(group: ResourceId): ResourceGroup {
    const found = this.get(group);
    if (found === undefined) throw armErrors.resourceGroupNotFound(group.resourceGroup ?? group.name ?? group.id);
    return found;
  }

  put(group: ResourceId, doc: ResourceGroup): void {
    this.store.put(COLLECTION, group.key, doc, { subscription: (group.subscriptionId ?? "").toLowerCase() });
  }

  delete(group: ResourceId): boolean {
    return this.store.delete(COLLECTION, group.key);
  }

  listInSubscription(subscriptionId: string): ResourceGroup[] {
    return this.store.findByIndex<ResourceGroup>(COLLECTION, "subscription", subscriptionId.toLowerCase()).map((r) => r.value);
  }
}

/** The stored group for a PUT: validates name, location and tags; keeps the creation casing on update. */
export function resourceGroupFromPut(group: ResourceId, body: ResourceGroupBody, previous: ResourceGroup | undefined): ResourceGroup {
  validateResourceGroupName(group.name!);
  if (body.location === undefined || body.location.trim() === "") throw armErrors.locationRequired();
  const location = resourceGroupLocation(body.location);
  if (previous !== undefined && previous.location !== location) {
    throw armErrors.resourceGroupLocationConflict(location, previous.location);
  }
  validateTags(body.tags ?? undefined);
  const id = previous?.id ?? resourceGroupScope(group.subscriptionId!, group.name!).id;
  return {
    id,
    name: previous?.name ?? group.name!,
    type: RESOURCE_GROUP_TYPE,
    location,
    ...(body.managedBy ? { managedBy: body.managedBy } : {}),
    ...(body.tags ? { tags: body.tags } : {}),
    properties: { provisioningState: "Succeeded" },
  };
}

/** The stored group after a PATCH: tags replace the tag set; null clears a field. */
export function resourceGroupFromPatch(previous: ResourceGroup, patch: ResourceGroupPatch): ResourceGroup {
  validateTags(patch.tags ?? undefined);
  const { tags, managedBy, ...rest } = previous;
  const nextTags = patch.tags === undefined ? tags : (patch.tags ?? undefined);
  const nextManagedBy = patch.managedBy === undefined ? managedBy : (patch.managedBy ?? undefined);
  return {
    ...rest,
    ...(nextManagedBy ? { managedBy: nextManagedBy } : {}),
    ...(nextTags ? { tags: nextTags } : {}),
  };
}
