/**
 * The `identity` block any resource may carry (generic resources, Microsoft.Web sites, ...):
 * validated and completed the way ARM and the MSI service do it. A system-assigned identity
 * gets a service principal named after the resource and keeps its principalId for the
 * resource's life; user-assigned entries are filled from the identities they name.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { armErrors, parseResourceId, sameId, type ResourceId } from "@azmi/arm-core";
import { USER_ASSIGNED_IDENTITY_TYPE } from "./api-versions.js";
import type { IdentityContext } from "./context.js";
import type { UserAssignedIdentities } from "./user-assigned-identities.js";

export type ResourceIdentityType = "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned";

export interface UserAssignedIdentityReference {
  readonly principalId: string;
  readonly clientId: string;
}

/** The completed block, as stored on the resource and answered to clients. */
export interface ResourceIdentity {
  readonly type: ResourceIdentityType;
  readonly principalId?: string;
  readonly tenantId?: string;
  readonly userAssignedIdentities?: Readonly<Record<string, UserAssignedIdentityReference>>;
}

/** What a client may send. Values of userAssignedIdentities are ignored except null (= remove). */
export const resourceIdentityInput = z.object({
  type: z.string().optional(),
  principalId: z.string().nullish(),
  tenantId: z.string().nullish(),
  userAssignedIdentities: z.record(z.string(), z.unknown()).nullish(),
});

interface WantedTypes {
  system: boolean;
  user: boolean;
}

function wantedTypes(raw: string, resourceType: string): WantedTypes {
  const parts = raw
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== "");
  const known = new Set(["none", "systemassigned", "userassigned"]);
  const unique = new Set(parts);
  if (parts.length === 0 || parts.some((p) => !known.has(p)) || unique.size !== parts.length || (unique.has("none") && unique.size > 1)) {
    throw armErrors.cannotSetResourceIdentity(resourceType, raw);
  }
  return { system: unique.has("systemassigned"), user: unique.has("userassigned") };
}

function typeName(wanted: WantedTypes): ResourceIdentityType | undefined {
  if (wanted.system && wanted.user) return "SystemAssigned, UserAssigned";
  if (wanted.system) return "SystemAssigned";
  if (wanted.user) return "UserAssigned";
  return undefined;
}

function asStoredBlock(previous: unknown): ResourceIdentity | undefined {
  if (previous === null || typeof previous !== "object") return undefined;
  const p = previous as Partial<ResourceIdentity>;
  return typeof p.type === "string" ? (p as ResourceIdentity) : undefined;
}

export class ResourceIdentities {
  constructor(
    private readonly ctx: IdentityContext,
    private readonly userAssigned: UserAssignedIdentities,
  ) {}

  /**
   * Validates and completes the identity block of a PUT or PATCH on `resourceId`.
   * - `requested` undefined: the request did not mention identity; `previous` stays as it was.
   * - `requested` null or type "None": the resource has no identity (its system principal is deleted).
   * Returns the block to store and answer, or undefined for "no identity". Call it inside the
   * transaction that writes the resource: principals are created and deleted here.
   * Errors: CannotSetResourceIdentity (unknown type), FailedIdentityOperation (unknown or
   * malformed user-assigned identity, userAssignedIdentities with a type that has none),
   * MismatchingResourceIdentityPrincipalId, LinkedInvalidPropertyId.
   */
  apply(resourceId: ResourceId | string, requested: unknown, previous?: unknown): ResourceIdentity | undefined {
    const target = typeof resourceId === "string" ? parseResourceId(resourceId) : resourceId;
    if (requested === undefined) return asStoredBlock(previous);
    const resourceType = target.resourceType ?? "";
    let input: z.infer<typeof resourceIdentityInput>;
    if (requested === null) input = { type: "None" };
    else {
      const parsed = resourceIdentityInput.safeParse(requested);
      if (!parsed.success) throw armErrors.invalidRequestContent(`identity: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      input = parsed.data;
    }
    if (input.type === undefined) throw armErrors.cannotSetResourceIdentity(resourceType, "");
    const wanted = wantedTypes(input.type, resourceType);
    const existing = this.systemBinding(target);

    // Validate everything before writing anything.
    if (wanted.system && existing !== undefined && input.principalId != null && input.principalId !== "" && input.principalId !== existing.principalId) {
      throw armErrors.mismatchingResourceIdentityPrincipalId(input.principalId, existing.principalId);
    }
    const userAssigned = this.resolveUserAssigned(target, wanted, input.userAssignedIdentities, asStoredBlock(previous));

    return this.ctx.store.transaction(() => {
      let system: { principalId: string; tenantId: string } | undefined;
      if (wanted.system) system = existing ?? this.createSystemAssigned(target);
      else if (existing !== undefined) this.deleteSystemAssigned(target.key);
      const type = typeName(wanted);
      if (type === undefined) return undefined;
      const block: { -readonly [K in keyof ResourceIdentity]: ResourceIdentity[K] } = { type };
      if (system !== undefined) {
        block.principalId = system.principalId;
        block.tenantId = system.tenantId;
      }
      if (userAssigned !== undefined) block.userAssignedIdentities = userAssigned;
      return block;
    });
  }

  /** The system-assigned identity of a resource, if it has one. */
  systemAssigned(resourceId: ResourceId): { principalId: string; clientId: string; tenantId: string } | undefined {
    return this.systemBinding(resourceId);
  }

  private systemBinding(resourceId: ResourceId) {
    const binding = this.ctx.bindings.get(resourceId.key);
    return binding?.kind === "SystemAssigned" ? binding : undefined;
  }

  private createSystemAssigned(target: ResourceId): { principalId: string; tenantId: string } {
    const principal = { principalId: randomUUID(), clientId: randomUUID(), tenantId: this.ctx.tenantId };
    this.ctx.bindings.put(target.key, { kind: "SystemAssigned", resourceId: target.id, ...principal });
    this.ctx.directory.servicePrincipals.provisionManagedIdentity({
      ...principal,
      displayName: target.name ?? target.id,
      resourceId: target.id,
      explicit: false,
    });
    return principal;
  }

  private deleteSystemAssigned(key: string): void {
    const binding = this.ctx.bindings.get(key);
    if (binding === undefined) return;
    this.ctx.directory.servicePrincipals.delete(binding.principalId);
    this.ctx.bindings.delete(key);
  }

  private resolveUserAssigned(
    target: ResourceId,
    wanted: WantedTypes,
    requested: Record<string, unknown> | null | undefined,
    previous: ResourceIdentity | undefined,
  ): Record<string, UserAssignedIdentityReference> | undefined {
    const entries = Object.entries(requested ?? {}).filter(([, v]) => v !== null);
    if (!wanted.user) {
      if (entries.length > 0) {
        throw armErrors.failedIdentityOperation(
          target.id,
          "The request format was unexpected, a non-UserAssigned identity type should not contain: userAssignedIdentities",
        );
      }
      return undefined;
    }
    // A PATCH that names the type but not the identities keeps the ones the resource has.
    const keys = requested == null ? Object.keys(previous?.userAssignedIdentities ?? {}) : entries.map(([k]) => k);
    if (keys.length === 0) {
      throw armErrors.failedIdentityOperation(
        target.id,
        "The request format was unexpected, a UserAssigned identity type should contain at least one entry in userAssignedIdentities",
      );
    }
    const out = new Map<string, UserAssignedIdentityReference>();
    const seen: string[] = [];
    for (const key of keys) {
      if (seen.some((k) => sameId(k, key))) continue;
      seen.push(key);
      let id: ResourceId;
      try {
        id = parseResourceId(key);
      } catch {
        throw armErrors.invalidResourceId(key);
      }
      if (id.resourceType?.toLowerCase() !== USER_ASSIGNED_IDENTITY_TYPE.toLowerCase() || id.resourceGroup === undefined) {
        throw armErrors.invalidResourceId(key);
      }
      const identity = this.userAssigned.find(id);
      if (identity === undefined) {
        throw armErrors.failedIdentityOperation(target.id, `Resource '${key}' was not found.`);
      }
      out.set(key, { principalId: identity.properties.principalId, clientId: identity.properties.clientId });
    }
    return Object.fromEntries(out);
  }
}
