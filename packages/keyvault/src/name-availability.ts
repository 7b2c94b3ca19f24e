/**
 * `POST /subscriptions/{s}/providers/Microsoft.KeyVault/checkNameAvailability`: whether a vault
 * could be created with this name anywhere. A name held by a soft-deleted vault is taken.
 */
import { isValidVaultName } from "./vault-names.js";
import type { VaultRegistry } from "./vault-registry.js";

export interface NameAvailability {
  readonly nameAvailable: boolean;
  readonly reason?: "AccountNameInvalid" | "AlreadyExists";
  readonly message?: string;
}

export function vaultNameAvailability(registry: VaultRegistry, name: string): NameAvailability {
  if (!isValidVaultName(name)) {
    return {
      nameAvailable: false,
      reason: "AccountNameInvalid",
      message: `The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.`,
    };
  }
  if (registry.holderOf(name) !== undefined) return { nameAvailable: false, reason: "AlreadyExists", message: `The vault name '${name}' is already in use.` };
  return { nameAvailable: true };
}
