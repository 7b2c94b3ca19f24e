/**
 * The resource Key Vault's challenge names. The audiences it accepts are @azmi/identity's table
 * (service-audiences.ts, `keyVault`): the forms of this resource and Key Vault's application id.
 */
export const VAULT_RESOURCE = "https://vault.azure.net";
