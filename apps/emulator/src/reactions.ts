/**
 * What deleting a scope takes along, in order, declared once: packages expose the cleanup
 * (they never subscribe themselves), and this list says who runs when. A package emits
 * scopeDeleted too (a user-assigned identity's delete), and the same list answers it.
 */
import { deleteDeploymentsBelow, deleteStacksAt } from "@azmi/templates";
import { SiteDocuments } from "@azmi/app-service";
import type { ScopeDeletedEvent } from "@azmi/arm-core";
import type { Services } from "./services.js";

interface Reaction {
  readonly name: string;
  readonly run: (services: Services, event: ScopeDeletedEvent) => void;
}

export const scopeDeletedReactions: readonly Reaction[] = [
  { name: "identities bound at or below the scope, their principals and federated credentials", run: (s, e) => s.identities.forgetAtOrBelow(e.scope) },
  { name: "role assignments at or below the scope", run: (s, e) => s.rbac.assignments.deleteAtAndBelow(e.scope) },
  { name: "deny assignments at or below the scope", run: (s, e) => s.rbac.denyAssignments.deleteAtAndBelow(e.scope) },
  { name: "locks at or below the scope", run: (s, e) => s.locks.removeAtOrBelow(e.scope) },
  { name: "deployment history below the scope", run: (s, e) => deleteDeploymentsBelow(s.store, e.scope.key) },
  { name: "deployment stacks on the scope", run: (s, e) => deleteStacksAt(s.store, e.scope.key) },
  { name: "web apps' satellite documents below the scope", run: (s, e) => new SiteDocuments(s.store).deleteBelow(e.scope) },
  { name: "key vaults in a deleted resource group, soft-deleted as on Azure", run: (s, e) => s.keyVaults.afterScopeDeleted(e.scope, new Date()) },
  { name: "managed-identity endpoint secrets at or below the scope", run: (s, e) => s.tokens.secrets.forgetAtOrBelow(e.scope) },
];

export function wireReactions(services: Services): void {
  // A purged vault's secrets and keys go with it; a soft-deleted one keeps them for recovery.
  services.events.on("keyVaultPurged", (event) => services.keyVaultData.wipeVault(event.name));
  services.events.on("scopeDeleted", (event) => {
    for (const reaction of scopeDeletedReactions) reaction.run(services, event);
  });
}
