/**
 * The failures Microsoft.KeyVault answers for vaults, in Azure's codes and words. Where the
 * code is one of ARM's generic ones the factory comes from armErrors; only the message is Key
 * Vault's.
 */
import { ArmError, armErrors } from "@azmi/arm-core";

const SOFT_DELETE_LINK = "https://go.microsoft.com/fwlink/?linkid=2149745";

export const vaultErrors = {
  invalidName: (name: string) =>
    new ArmError(
      400,
      "VaultNameNotValid",
      `The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens. Follow this link for more information: https://go.microsoft.com/fwlink/?linkid=2147742`,
    ),
  /** The name is held by a vault (live or soft-deleted) of another subscription. */
  alreadyExists: (name: string) =>
    new ArmError(
      409,
      "VaultAlreadyExists",
      `The vault name '${name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. If the vault is in a recoverable state then the vault will need to be purged before reusing the name. For more information about VaultAlreadyExists, soft delete and purging a vault follow this link https://go.microsoft.com/fwlink/?linkid=2147740.`,
    ),
  /** The name is held by a soft-deleted vault of the same subscription: recover or purge it first. */
  existsInDeletedState: () =>
    new ArmError(
      409,
      "ConflictError",
      `A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link ${SOFT_DELETE_LINK} for more information on soft delete.`,
    ),
  notFound: (name: string, resourceGroup: string | undefined) => armErrors.resourceNotFound("Microsoft.KeyVault/vaults", name, resourceGroup),
  deletedVaultNotFound: (name: string, location: string) =>
    new ArmError(404, "ResourceNotFound", `The Resource 'Microsoft.KeyVault/locations/${location}/deletedVaults/${name}' was not found.`),
  recoverWithoutDeletedVault: (name: string) =>
    new ArmError(404, "NotFound", `A deleted vault with the name '${name}' could not be found in this subscription; nothing to recover.`),
  tenantIdRequired: () => armErrors.badRequest("The parameter 'properties.tenantId' is required to create a vault."),
  invalidTenantId: (value: string) => armErrors.badRequest(`The tenant id '${value}' is not a valid GUID.`),
  skuRequired: () => armErrors.badRequest("The parameter 'properties.sku' is required to create a vault."),
  invalidSku: (value: string) =>
    armErrors.badRequest(`The SKU name '${value}' is not valid for a vault. The supported SKU names are 'standard' and 'premium'.`),
  invalidSkuFamily: (value: string) => armErrors.badRequest(`The SKU family '${value}' is not valid for a vault. The supported family is 'A'.`),
  purgeProtectionIrreversible: () =>
    armErrors.badRequest('The property "enablePurgeProtection" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.'),
  retentionAlreadySet: () => armErrors.badRequest('The property "softDeleteRetentionInDays" has been set already and it can\'t be modified.'),
  retentionOutOfRange: (days: number) =>
    armErrors.badRequest(`The property "softDeleteRetentionInDays" has an invalid value ${days}. It must be between 7 and 90 days.`),
  softDeleteIrreversible: () =>
    armErrors.badRequest('The property "enableSoftDelete" cannot be set to false. Enabling soft delete for a vault is an irreversible action.'),
  purgeProtectionNeedsSoftDelete: () =>
    armErrors.badRequest('The property "enableSoftDelete" must be set to true when "enablePurgeProtection" is set to true.'),
  invalidCreateMode: (value: string) => armErrors.badRequest(`The create mode '${value}' is not valid. The supported modes are 'default' and 'recover'.`),
  invalidAccessPolicyKind: (value: string) =>
    armErrors.badRequest(`The access policy operation '${value}' is not valid. The supported operations are 'add', 'replace' and 'remove'.`),
  invalidPublicNetworkAccess: (value: string) =>
    armErrors.badRequest(`The value '${value}' of 'properties.publicNetworkAccess' is not valid. The supported values are 'Enabled' and 'Disabled'.`),
  /** Purge of a vault deleted with purge protection on: Azure purges it itself after the retention period. */
  purgeNotAllowed: () => new ArmError(409, "MethodNotAllowed", "Operation 'DeletedVaultPurge' is not allowed."),
};
