/**
 * Microsoft.KeyVault on ARM: vaults (with access policies, soft delete, recovery and purge),
 * deleted vaults, name availability, and secrets (written through to the vault's data plane).
 * The vault rules live in @azmi/keyvault. Types of the namespace azmi does not model (managed
 * HSMs, ARM-side keys, private endpoint connections) are
 * kept as given by the generic handler, as before this provider owned the namespace.
 */
import type { ResourceProvider, ResourceTypeHandler } from "../../arm/contract.js";
import { genericResourcesHandler } from "../resources/generic-resources.js";
import { VAULT_API_VERSIONS } from "@azmi/keyvault";
import { accessPoliciesHandler } from "./access-policies.js";
import { checkNameAvailabilityHandler } from "./check-name-availability.js";
import { deletedVaultHandler, deletedVaultsHandler } from "./deleted-vaults.js";
import { operationResultsHandler } from "./operation-results.js";
import { vaultSecretsHandler } from "./vault-secrets.js";
import { vaultsHandler } from "./vaults.js";

const storedAsGiven = (resourceType: string): ResourceTypeHandler => ({ ...genericResourcesHandler, resourceType, apiVersions: VAULT_API_VERSIONS });

export const keyVaultProvider: ResourceProvider = {
  namespace: "Microsoft.KeyVault",
  handlers: [
    vaultsHandler,
    accessPoliciesHandler,
    deletedVaultHandler,
    deletedVaultsHandler,
    checkNameAvailabilityHandler,
    operationResultsHandler,
    vaultSecretsHandler,
    storedAsGiven("Microsoft.KeyVault/vaults/keys"),
    storedAsGiven("Microsoft.KeyVault/vaults/privateEndpointConnections"),
    storedAsGiven("Microsoft.KeyVault/managedHSMs"),
  ],
};
