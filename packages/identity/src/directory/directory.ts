/**
 * `services.directory`: the generic directory-object store with typed service-principal reads
 * on top, and what hangs off directory objects: app role assignments, directory role
 * assignments and owners. Graph routes read it; only the identity package writes
 * managed-identity principals. Deleting an object takes its grants and ownerships with it.
 */
import type { Store } from "@azmi/arm-core";
import { AppRoleAssignments } from "../directory-access/app-role-assignments.js";
import { DirectoryRoleAssignments } from "../directory-access/directory-role-assignments.js";
import { DirectoryOwners } from "../directory-access/owners.js";
import { DirectoryObjects } from "./directory-objects.js";
import type { DirectoryReplication } from "./replication.js";
import { ServicePrincipals } from "./service-principals.js";

export class Directory extends DirectoryObjects {
  readonly servicePrincipals: ServicePrincipals;
  readonly appRoleAssignments: AppRoleAssignments;
  readonly roleAssignments: DirectoryRoleAssignments;
  readonly owners: DirectoryOwners;

  constructor(store: Store, replication?: DirectoryReplication) {
    super(store, replication);
    this.servicePrincipals = new ServicePrincipals(this);
    this.appRoleAssignments = new AppRoleAssignments(store, this);
    this.roleAssignments = new DirectoryRoleAssignments(store, this);
    this.owners = new DirectoryOwners(store);
  }

  override delete(id: string): boolean {
    const deleted = super.delete(id);
    if (deleted) {
      this.appRoleAssignments.forgetObject(id);
      this.roleAssignments.forgetObject(id);
      this.owners.forgetObject(id);
    }
    return deleted;
  }
}
