/** Builds services.rbac: the RBAC package over the emulator's store, directory and scopes. */
import type { ResourceGroupStore, ResourceStore, Store } from "@azmi/arm-core";
import type { Directory } from "@azmi/identity";
import { createRbac, type Rbac } from "@azmi/rbac";
import type { EmulatorConfig } from "../../config.js";
import { directoryPrincipals } from "./directory-principals.js";
import { scopeExistence } from "./scope-existence.js";

export interface RbacServiceSources {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly resourceGroups: ResourceGroupStore;
  readonly resources: ResourceStore;
  readonly directory: Directory;
  /** The clock of --rbac-propagation-delay, in epoch milliseconds. */
  readonly delayClock: () => number;
}

export function createRbacService(sources: RbacServiceSources): Rbac {
  return createRbac({
    store: sources.store,
    tenantId: sources.config.tenantId,
    scopeExists: scopeExistence(sources),
    findPrincipal: directoryPrincipals(sources.directory),
    propagationDelayMs: sources.config.rbacPropagationDelayMs ?? 0,
    propagationNow: sources.delayClock,
    subscriptions: () => sources.config.subscriptions,
  });
}
