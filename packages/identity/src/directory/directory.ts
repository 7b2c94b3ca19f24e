/**
 * `services.directory`: the generic directory-object store with typed service-principal reads
 * on top. Graph routes read it; only the identity package writes managed-identity principals.
 */
import type { Store } from "@azmi/arm-core";
import { DirectoryObjects } from "./directory-objects.js";
import { ServicePrincipals } from "./service-principals.js";

export class Directory extends DirectoryObjects {
  readonly servicePrincipals: ServicePrincipals;

  constructor(store: Store) {
    super(store);
    this.servicePrincipals = new ServicePrincipals(this);
  }
}
