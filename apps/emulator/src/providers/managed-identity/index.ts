/** Microsoft.ManagedIdentity: user-assigned identities, their federated credentials, system-assigned identities/default. */
import type { ResourceProvider } from "../../arm/contract.js";
import { federatedCredentialsHandler } from "./federated-credentials.js";
import { systemAssignedIdentitiesHandler } from "./system-assigned-identities.js";
import { userAssignedIdentitiesHandler } from "./user-assigned-identities.js";

export const managedIdentityProvider: ResourceProvider = {
  namespace: "Microsoft.ManagedIdentity",
  handlers: [userAssignedIdentitiesHandler, federatedCredentialsHandler, systemAssignedIdentitiesHandler],
};
