/**
 * A deleted vault as Azure shows it under
 * /subscriptions/{s}/providers/Microsoft.KeyVault/locations/{location}/deletedVaults/{name}.
 */
import type { DeletedVaultRecord } from "./vault-registry.js";

export const DELETED_VAULT_TYPE = "Microsoft.KeyVault/deletedVaults";

export function deletedVaultId(record: Pick<DeletedVaultRecord, "subscriptionId" | "location" | "name">): string {
  return `/subscriptions/${record.subscriptionId}/providers/Microsoft.KeyVault/locations/${record.location}/deletedVaults/${record.name}`;
}

export function deletedVaultView(record: DeletedVaultRecord) {
  return {
    id: deletedVaultId(record),
    name: record.name,
    type: DELETED_VAULT_TYPE,
    properties: {
      vaultId: record.vault.id,
      location: record.location,
      deletionDate: record.deletionDate,
      scheduledPurgeDate: record.scheduledPurgeDate,
      tags: record.vault.tags,
      purgeProtectionEnabled: record.vault.properties.enablePurgeProtection === true,
    },
  };
}

/** Purge protection keeps a deleted vault until Azure purges it at its scheduled date. */
export function isPurgeProtected(record: DeletedVaultRecord): boolean {
  return record.vault.properties.enablePurgeProtection === true;
}
