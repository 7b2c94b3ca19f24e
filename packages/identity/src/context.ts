/** What the identity services share: one store, the tracked-resource collection, the directory and the tenant. */
import type { ResourceId, ResourceStore, ScopeDeletedEvent, Store } from "@azmi/arm-core";
import type { Directory } from "./directory/directory.js";
import type { IdentityBindings } from "./identity-bindings.js";

/** The part of the emulator's event bus the identity package uses. */
export interface ScopeEvents {
  on(type: "scopeDeleted", handler: (event: ScopeDeletedEvent) => void): void;
  emit(event: ScopeDeletedEvent): void;
}

export interface IdentityContext {
  readonly store: Store;
  readonly resources: ResourceStore;
  readonly directory: Directory;
  readonly bindings: IdentityBindings;
  readonly events: ScopeEvents;
  readonly tenantId: string;
  /** Whether a resource group exists (user-assigned identities live in one). */
  readonly resourceGroupExists: (resourceGroup: ResourceId) => boolean;
  /** Current time, injectable for tests. */
  readonly now: () => Date;
}
