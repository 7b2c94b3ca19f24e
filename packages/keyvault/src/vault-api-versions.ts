/**
 * The api-versions Azure serves for Microsoft.KeyVault/vaults (and its deletedVaults,
 * accessPolicies, secrets and checkNameAvailability operations). Clients pin old ones: az 2.45
 * sends 2022-07-01, azurerm 4 2023-02-01/2023-07-01, az 2.91 and @azure/arm-keyvault 5 2026-02-01.
 */
export const VAULT_API_VERSIONS: readonly string[] = [
  "2014-12-19-preview",
  "2015-06-01",
  "2016-10-01",
  "2018-02-14-preview",
  "2018-02-14",
  "2019-09-01",
  "2020-04-01-preview",
  "2021-04-01-preview",
  "2021-06-01-preview",
  "2021-10-01",
  "2021-11-01-preview",
  "2022-02-01-preview",
  "2022-07-01",
  "2022-11-01",
  "2023-02-01",
  "2023-07-01",
  "2023-08-01-preview",
  "2024-04-01-preview",
  "2024-11-01",
  "2024-12-01-preview",
  "2025-05-01",
  "2026-02-01",
  "2026-04-01-preview",
];

/**
 * From 2026-02-01 on, a vault created without `enableRbacAuthorization` uses Azure RBAC; with
 * older versions it is left unset, which means access policies. Updates never change it.
 */
export function rbacIsDefaultOnCreate(apiVersion: string): boolean {
  return apiVersion.slice(0, 10) >= "2026-02-01";
}
