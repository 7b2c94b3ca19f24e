/**
 * Key Vault names are DNS labels under vault.azure.net, so they are unique across every
 * subscription and tenant, and compared without regard to case.
 */

/** 3–24 characters, letters, digits and hyphens, a letter first, a letter or digit last, no "--". */
export function isValidVaultName(name: string): boolean {
  return /^[A-Za-z](?:[A-Za-z0-9-]{1,22})[A-Za-z0-9]$/.test(name) && !name.includes("--");
}

/** The vault's data-plane address as Azure gives it in `properties.vaultUri`. */
export function vaultUri(name: string): string {
  return `https://${name.toLowerCase()}.vault.azure.net/`;
}

/** The key a name is indexed under: names are global and case-insensitive. */
export function vaultNameKey(name: string): string {
  return name.toLowerCase();
}
