/**
 * Microsoft.ManagedIdentity/userAssignedIdentities: tracked resources in the shared resource
 * collection, each with its service principal. principalId and clientId are minted once and
 * never change; the identity, its principal and its binding are written in one transaction.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  armErrors,
  AZURE_REGIONS,
  findRegion,
  resourceGroupScope,
  resourceUnder,
  subscriptionScope,
  validateTags,
  type Actor,
  type ResourceId,
  type SystemData,
  type TrackedResource,
} from "@azmi/arm-core";
import { hasIsolationScope, USER_ASSIGNED_IDENTITY_TYPE } from "./api-versions.js";
import { createdData, modifiedData } from "./system-data.js";
import type { IdentityContext } from "./context.js";
import { checkUserAssignedIdentityName } from "./names.js";

const isolationScope = z.string().transform((value, ctx) => {
  const known = ["None", "Regional"].find((v) => v.toLowerCase() === value.toLowerCase());
  if (known === undefined) {
    ctx.addIssue({ code: "custom", message: `The value '${value}' is not a valid isolationScope. Valid values are 'None', 'Regional'.` });
    return z.NEVER;
  }
  return known as "None" | "Regional";
});

const tags = z.record(z.string(), z.string());

/** PUT body. Unknown fields are ignored, as ARM does. */
export const userAssignedIdentityPut = z.object({
  location: z.string().optional(),
  tags: tags.nullish(),
  properties: z.object({ isolationScope: isolationScope.nullish() }).nullish(),
});
export type UserAssignedIdentityPut = z.infer<typeof userAssignedIdentityPut>;

/** PATCH body: tags and isolationScope (azurerm sends both). */
export const userAssignedIdentityPatch = z.object({
  location: z.string().optional(),
  tags: tags.nullish(),
  properties: z.object({ isolationScope: isolationScope.nullish() }).nullish(),
});
export type UserAssignedIdentityPatch = z.infer<typeof userAssignedIdentityPatch>;

export interface UserAssignedIdentityProperties {
  readonly tenantId: string;
  readonly principalId: string;
  readonly clientId: string;
  readonly isolationScope: "None" | "Regional";
}

/** The stored document: ARM's envelope exactly as answered on the newest api-version. */
export interface UserAssignedIdentity extends TrackedResource {
  readonly id: string;
  readonly name: string;
  readonly type: typeof USER_ASSIGNED_IDENTITY_TYPE;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: UserAssignedIdentityProperties;
  readonly systemData: SystemData;
}

export interface WriteOptions {
  readonly apiVersion: string;
  /** Who writes, for systemData. */
  readonly actor: Actor;
}

/** A known Azure region's canonical name ("West Europe" → "westeurope"), else LocationNotAvailableForResourceType. */
function identityLocation(location: string): string {
  const region = findRegion(location);
  if (region === undefined) {
    throw armErrors.locationNotAvailableForResourceType(
      location,
      USER_ASSIGNED_IDENTITY_TYPE,
      AZURE_REGIONS.map((r) => r.displayName),
    );
  }
  return region.name;
}

/** The id with ARM's canonical type casing and the caller's name casing. */
export function canonicalIdentityId(id: ResourceId): ResourceId {
  if (id.subscriptionId === undefined || id.resourceGroup === undefined || id.name === undefined) {
    throw armErrors.invalidResourceId(id.id);
  }
  return resourceUnder(resourceGroupScope(id.subscriptionId, id.resourceGroup), "Microsoft.ManagedIdentity", "userAssignedIdentities", id.name);
}

export class UserAssignedIdentities {
  constructor(private readonly ctx: IdentityContext) {}

  /** The stored identity, or undefined. */
  find(id: ResourceId): UserAssignedIdentity | undefined {
    const doc = this.ctx.resources.get<UserAssignedIdentity>(id);
    return doc !== undefined && doc.type.toLowerCase() === USER_ASSIGNED_IDENTITY_TYPE.toLowerCase() ? doc : undefined;
  }

  /** The stored identity, or 404 ResourceNotFound. */
  get(id: ResourceId): UserAssignedIdentity {
    const doc = this.find(id);
    if (doc === undefined) throw armErrors.resourceNotFound(USER_ASSIGNED_IDENTITY_TYPE, id.name ?? "", id.resourceGroup);
    return doc;
  }

  /** PUT: creates (new principalId and clientId, with its service principal) or replaces location, tags and isolationScope. */
  createOrUpdate(id: ResourceId, input: UserAssignedIdentityPut, options: WriteOptions): { created: boolean; identity: UserAssignedIdentity } {
    const canonical = canonicalIdentityId(id);
    checkUserAssignedIdentityName(canonical.name!);
    this.requireGroup(canonical);
    if (input.location === undefined || input.location.trim() === "") throw armErrors.locationRequired();
    const location = identityLocation(input.location);
    validateTags(input.tags ?? undefined);
    const now = this.ctx.now();
    return this.ctx.store.transaction(() => {
      const previous = this.find(canonical);
      // Older api-versions know no isolationScope: a PUT through them keeps the stored value.
      const scope = hasIsolationScope(options.apiVersion) ? (input.properties?.isolationScope ?? "None") : (previous?.properties.isolationScope ?? "None");
      if (previous !== undefined) {
        const identity: UserAssignedIdentity = {
          ...previous,
          location,
          tags: { ...(input.tags ?? {}) },
          properties: { ...previous.properties, isolationScope: scope },
          systemData: modifiedData(previous.systemData, now, options.actor),
        };
        this.ctx.resources.put(canonical, identity);
        return { created: false, identity };
      }
      const properties: UserAssignedIdentityProperties = {
        tenantId: this.ctx.tenantId,
        principalId: randomUUID(),
        clientId: randomUUID(),
        isolationScope: scope,
      };
      const identity: UserAssignedIdentity = {
        id: canonical.id,
        name: canonical.name!,
        type: USER_ASSIGNED_IDENTITY_TYPE,
        location,
        tags: { ...(input.tags ?? {}) },
        properties,
        systemData: createdData(now, options.actor),
      };
      this.ctx.resources.put(canonical, identity);
      this.ctx.bindings.put(canonical.key, {
        kind: "UserAssigned",
        resourceId: canonical.id,
        principalId: properties.principalId,
        clientId: properties.clientId,
        tenantId: properties.tenantId,
      });
      this.ctx.directory.servicePrincipals.provisionManagedIdentity({
        principalId: properties.principalId,
        clientId: properties.clientId,
        tenantId: properties.tenantId,
        displayName: canonical.name!,
        resourceId: canonical.id,
        explicit: true,
      });
      return { created: true, identity };
    });
  }

  /** PATCH: tags (replaced as a whole when given), isolationScope, location. */
  update(id: ResourceId, input: UserAssignedIdentityPatch, options: WriteOptions): UserAssignedIdentity {
    validateTags(input.tags ?? undefined);
    const location = input.location === undefined || input.location.trim() === "" ? undefined : identityLocation(input.location);
    return this.ctx.store.transaction(() => {
      const previous = this.get(id);
      const scope =
        hasIsolationScope(options.apiVersion) && input.properties?.isolationScope != null
          ? input.properties.isolationScope
          : previous.properties.isolationScope;
      const identity: UserAssignedIdentity = {
        ...previous,
        location: location ?? previous.location,
        tags: input.tags === undefined || input.tags === null ? previous.tags : { ...input.tags },
        properties: { ...previous.properties, isolationScope: scope },
        systemData: modifiedData(previous.systemData, this.ctx.now(), options.actor),
      };
      this.ctx.resources.put(canonicalIdentityId(id), identity);
      return identity;
    });
  }

  /**
   * Deletes the identity with its service principal and federated credentials (through the
   * scopeDeleted reaction, which also reaches role assignments and locks on it).
   * Returns false when there was nothing to delete.
   */
  delete(id: ResourceId): boolean {
    return this.ctx.store.transaction(() => {
      const doc = this.find(id);
      if (doc === undefined) return false;
      const canonical = canonicalIdentityId(id);
      this.ctx.resources.delete(canonical);
      this.ctx.events.emit({ type: "scopeDeleted", scope: canonical });
      return true;
    });
  }

  /** Every identity of a group, in id order (the emulator pages them). */
  listByResourceGroup(subscriptionId: string, resourceGroup: string): UserAssignedIdentity[] {
    const group = resourceGroupScope(subscriptionId, resourceGroup);
    if (!this.ctx.resourceGroupExists(group)) throw armErrors.resourceGroupNotFound(resourceGroup);
    return byId(this.ctx.resources.listInResourceGroup<UserAssignedIdentity>(group, USER_ASSIGNED_IDENTITY_TYPE));
  }

  /** Every identity of a subscription, in id order. */
  listBySubscription(subscriptionId: string): UserAssignedIdentity[] {
    const sub = subscriptionScope(subscriptionId);
    return byId(this.ctx.resources.listInSubscription<UserAssignedIdentity>(sub.subscriptionId!, USER_ASSIGNED_IDENTITY_TYPE));
  }

  private requireGroup(id: ResourceId): void {
    const group = resourceGroupScope(id.subscriptionId!, id.resourceGroup!);
    if (!this.ctx.resourceGroupExists(group)) throw armErrors.resourceGroupNotFound(id.resourceGroup!);
  }
}

function byId(items: UserAssignedIdentity[]): UserAssignedIdentity[] {
  return [...items].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0));
}

/** The identity as answered on `apiVersion`: isolationScope only where that version has it. */
export function renderUserAssignedIdentity(identity: UserAssignedIdentity, apiVersion: string, options: { inList?: boolean } = {}): Record<string, unknown> {
  const { isolationScope: scope, ...base } = identity.properties;
  const properties = hasIsolationScope(apiVersion) ? { ...base, isolationScope: scope } : base;
  const out: Record<string, unknown> = {
    id: identity.id,
    name: identity.name,
    type: identity.type,
    location: identity.location,
    tags: identity.tags,
    properties,
    systemData: identity.systemData,
  };
  if (options.inList === true) {
    const group = /\/resourceGroups\/([^/]+)/i.exec(identity.id)?.[1];
    if (group !== undefined) out.resourceGroup = group;
  }
  return out;
}
