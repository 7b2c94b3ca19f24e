/**
 * The identity package's entry point (`services.identities`): user-assigned identities, identity
 * blocks on any resource, federated credentials, and look-ups by clientId / principalId /
 * resource id for the token endpoints. It reacts to `scopeDeleted`: whatever identity lived at
 * or below the deleted scope loses its service principal and federated credentials in the same
 * transaction.
 */
import { armErrors, parseResourceId, ResourceGroupStore, ResourceStore, type ResourceId, type Store, type TrackedResource } from "@azmi/arm-core";
import type { IdentityContext, ScopeEvents } from "./context.js";
import { Directory } from "./directory/directory.js";
import { FederatedCredentials, type FederatedCredential } from "./federated-credentials.js";
import { IdentityBindings, type IdentityBinding } from "./identity-bindings.js";
import { ResourceIdentities, type ResourceIdentity } from "./resource-identity.js";
import { UserAssignedIdentities, type UserAssignedIdentity } from "./user-assigned-identities.js";
import { SYSTEM_ASSIGNED_IDENTITY_TYPE } from "./api-versions.js";

export interface IdentityServiceOptions {
  readonly store: Store;
  readonly events: ScopeEvents;
  readonly tenantId: string;
  /** Defaults to a ResourceStore over `store`. */
  readonly resources?: ResourceStore;
  /** Defaults to a Directory over `store`. */
  readonly directory?: Directory;
  /** Defaults to a ResourceGroupStore over `store`. */
  readonly resourceGroups?: ResourceGroupStore;
  readonly now?: () => Date;
}

/** A managed identity found by one of its ids. */
export interface ManagedIdentityRecord extends IdentityBinding {
  /** The user-assigned identity document (kind UserAssigned only). */
  readonly identity?: UserAssignedIdentity;
}

export class IdentityService {
  readonly directory: Directory;
  readonly userAssigned: UserAssignedIdentities;
  readonly federatedCredentials: FederatedCredentials;
  readonly resourceIdentities: ResourceIdentities;
  private readonly ctx: IdentityContext;

  constructor(options: IdentityServiceOptions) {
    const resources = options.resources ?? new ResourceStore(options.store);
    const resourceGroups = options.resourceGroups ?? new ResourceGroupStore(options.store);
    this.directory = options.directory ?? new Directory(options.store);
    this.ctx = {
      store: options.store,
      resources,
      directory: this.directory,
      bindings: new IdentityBindings(options.store),
      events: options.events,
      tenantId: options.tenantId,
      resourceGroupExists: (group) => resourceGroups.exists(group),
      now: options.now ?? (() => new Date()),
    };
    this.userAssigned = new UserAssignedIdentities(this.ctx);
    this.federatedCredentials = new FederatedCredentials(this.ctx, this.userAssigned);
    this.resourceIdentities = new ResourceIdentities(this.ctx, this.userAssigned);
  }

  /** See ResourceIdentities.apply: the one function every provider calls for an `identity` block. */
  applyResourceIdentity(resourceId: ResourceId | string, requested: unknown, previous?: unknown): ResourceIdentity | undefined {
    return this.resourceIdentities.apply(resourceId, requested, previous);
  }

  /**
   * `GET {resource}/providers/Microsoft.ManagedIdentity/identities/default`: the resource's
   * system-assigned identity, answered with the resource's id, name, type and location.
   */
  systemAssignedIdentity(resourceId: ResourceId): Record<string, unknown> {
    const binding = this.resourceIdentities.systemAssigned(resourceId);
    const resource = this.ctx.resources.get<TrackedResource>(resourceId);
    if (binding === undefined || resource === undefined) {
      throw armErrors.resourceNotFound(SYSTEM_ASSIGNED_IDENTITY_TYPE, "default", resourceId.resourceGroup);
    }
    const location = resource.location ?? "global";
    return {
      id: resource.id,
      name: resource.name,
      type: resource.type,
      location,
      tags: resource.tags ?? {},
      properties: {
        tenantId: binding.tenantId,
        principalId: binding.principalId,
        clientId: binding.clientId,
        clientSecretUrl: `https://control-${location}.identity.azure.net${resource.id}/credentials/v2/identities?tid=${binding.tenantId}&oid=${binding.principalId}&aid=${binding.clientId}`,
      },
    };
  }

  /** Any managed identity (user- or system-assigned) by its clientId (= its service principal's appId). */
  findByClientId(clientId: string): ManagedIdentityRecord | undefined {
    return this.record(this.ctx.bindings.byClientId(clientId));
  }

  /** Any managed identity by its principalId (= object id). */
  findByPrincipalId(principalId: string): ManagedIdentityRecord | undefined {
    return this.record(this.ctx.bindings.byPrincipalId(principalId));
  }

  /** A user-assigned identity by its ARM id, or the system-assigned identity of the resource with that id. */
  findByResourceId(resourceId: ResourceId): ManagedIdentityRecord | undefined {
    return this.record(this.ctx.bindings.get(resourceId.key));
  }

  /** The federated credentials of the user-assigned identity with this clientId (workload identity). */
  federatedCredentialsOfClientId(clientId: string): FederatedCredential[] {
    const found = this.findByClientId(clientId);
    return found?.identity === undefined ? [] : this.federatedCredentials.all(found.identity);
  }

  private record(binding: IdentityBinding | undefined): ManagedIdentityRecord | undefined {
    if (binding === undefined) return undefined;
    if (binding.kind === "SystemAssigned") return binding;
    const identity = this.ctx.resources.get<UserAssignedIdentity>(parseResourceId(binding.resourceId));
    return identity === undefined ? binding : { ...binding, identity };
  }

  /**
   * What a deleted scope takes along here: the identities bound at or below it (their service
   * principals, user-assigned identities' documents) and their federated credentials. The app
   * calls it from its declared cascade (apps/emulator/src/reactions.ts).
   */
  forgetAtOrBelow(scope: ResourceId): void {
    this.ctx.store.transaction(() => {
      for (const { key, binding } of this.ctx.bindings.atOrBelow(scope.key)) {
        this.directory.servicePrincipals.delete(binding.principalId);
        this.ctx.bindings.delete(key);
        if (binding.kind === "UserAssigned") this.ctx.resources.delete(parseResourceId(binding.resourceId));
      }
      this.federatedCredentials.deleteAtOrBelow(scope.key);
    });
  }
}
