/**
 * Every resource provider the ARM pipeline serves. One import line per provider: add yours
 * here (keep the list sorted by namespace). The api-version registry and the dispatch table
 * are built from this list at start-up.
 */
import type { ResourceProvider } from "../arm/contract.js";
import { authorizationProvider } from "./authorization/index.js";
import { deploymentStacksProvider } from "./deployment-stacks/index.js";
import { deploymentsProvider } from "./deployments/index.js";
import { keyVaultProvider } from "./keyvault/index.js";
import { locksProvider } from "./locks/index.js";
import { managedIdentityProvider } from "./managed-identity/index.js";
import { managementGroupsProvider } from "./management-groups/index.js";
import { genericProvider, resourceManagerProvider } from "./resources/index.js";
import { webProvider } from "./web/index.js";
import { operationListProviders } from "./operations/index.js";

const served: ResourceProvider[] = [
  authorizationProvider, // Microsoft.Authorization: roleDefinitions, roleAssignments, permissions
  keyVaultProvider, // Microsoft.KeyVault: vaults, accessPolicies, deletedVaults (purge), checkNameAvailability
  locksProvider, // Microsoft.Authorization/locks
  managedIdentityProvider, // Microsoft.ManagedIdentity: userAssignedIdentities, federatedIdentityCredentials, identities/default
  managementGroupsProvider, // Microsoft.Management: managementGroups, their subscriptions and settings, getEntities, checkNameAvailability
  deploymentsProvider, // Microsoft.Resources/deployments: template deployments (validate, whatIf, operations)
  deploymentStacksProvider, // Microsoft.Resources/deploymentStacks: stacks at resource group and subscription scope, their deny assignments
  resourceManagerProvider, // Microsoft.Resources: subscriptions, tenants, locations, providers, resource groups, /resources, operations
  webProvider, // Microsoft.Web: serverfarms, sites and their config, webAppStacks, checknameavailability
  genericProvider, // "*": every type of a namespace no provider owns
];

// `GET /providers/{namespace}/operations` of each namespace above.
export const providers: ResourceProvider[] = [...served, ...operationListProviders(served)];
