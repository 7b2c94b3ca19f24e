/** Microsoft.Management api-versions: azurerm pins 2020-05-01 (older) and 2023-04-01, az and the SDKs send 2021-04-01. */
export const MANAGEMENT_GROUP_API_VERSIONS = ["2019-11-01", "2020-02-01", "2020-05-01", "2020-10-01", "2021-04-01", "2023-04-01"] as const;
