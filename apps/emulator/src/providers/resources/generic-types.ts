/**
 * Resource types the generic provider serves that `GET /providers/{namespace}` lists even
 * before any exists, with api-versions Azure offers for them. Clients look types up there:
 * `az resource create --resource-type NS/type` without --api-version takes the newest
 * non-preview version it finds for the type, and fails when the type is not listed. Types
 * of stored generic resources are listed too (see providers.ts), with these defaults.
 */
export const DEFAULT_GENERIC_API_VERSIONS: readonly string[] = ["2024-01-01", "2023-01-01", "2022-09-01", "2021-04-01"];

export const GENERIC_RESOURCE_TYPES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  "Microsoft.Storage": {
    storageAccounts: ["2023-05-01", "2023-01-01", "2022-09-01", "2021-09-01", "2021-04-01", "2019-06-01"],
    "storageAccounts/blobServices": ["2023-05-01", "2023-01-01", "2022-09-01", "2021-09-01"],
    "storageAccounts/blobServices/containers": ["2023-05-01", "2023-01-01", "2022-09-01", "2021-09-01"],
  },
  "Microsoft.Network": {
    virtualNetworks: ["2024-01-01", "2023-09-01", "2023-05-01", "2022-07-01", "2021-05-01"],
    "virtualNetworks/subnets": ["2024-01-01", "2023-09-01", "2023-05-01", "2022-07-01", "2021-05-01"],
    networkSecurityGroups: ["2024-01-01", "2023-09-01", "2023-05-01", "2022-07-01", "2021-05-01"],
    publicIPAddresses: ["2024-01-01", "2023-09-01", "2023-05-01", "2022-07-01", "2021-05-01"],
    networkInterfaces: ["2024-01-01", "2023-09-01", "2023-05-01", "2022-07-01", "2021-05-01"],
    privateDnsZones: ["2024-06-01", "2020-06-01", "2018-09-01"],
  },
  "Microsoft.Compute": {
    virtualMachines: ["2024-03-01", "2023-09-01", "2023-03-01", "2022-11-01", "2022-08-01"],
    disks: ["2023-10-02", "2023-04-02", "2022-07-02"],
  },
  "Microsoft.ContainerRegistry": { registries: ["2023-07-01", "2023-01-01-preview", "2022-12-01", "2021-09-01"] },
  "Microsoft.ContainerService": { managedClusters: ["2024-02-01", "2023-10-01", "2023-08-01", "2023-05-01"] },
  "Microsoft.OperationalInsights": { workspaces: ["2023-09-01", "2022-10-01", "2021-06-01", "2020-08-01"] },
  "microsoft.insights": {
    components: ["2020-02-02", "2015-05-01"],
    diagnosticSettings: ["2021-05-01-preview", "2017-05-01-preview"],
    actionGroups: ["2023-01-01", "2022-06-01", "2021-09-01"],
  },
  "Microsoft.ServiceBus": { namespaces: ["2022-10-01-preview", "2021-11-01", "2017-04-01"] },
  "Microsoft.EventHub": { namespaces: ["2024-01-01", "2022-10-01-preview", "2021-11-01", "2017-04-01"] },
  "Microsoft.Sql": { servers: ["2023-08-01-preview", "2023-05-01-preview", "2021-11-01"], "servers/databases": ["2023-08-01-preview", "2021-11-01"] },
  "Microsoft.DocumentDB": { databaseAccounts: ["2024-05-15", "2023-11-15", "2023-04-15", "2022-11-15", "2021-10-15"] },
  "Microsoft.Cache": { redis: ["2024-03-01", "2023-08-01", "2023-04-01", "2022-06-01"] },
  "Microsoft.AppConfiguration": { configurationStores: ["2023-03-01", "2022-05-01", "2021-10-01-preview"] },
  "Microsoft.CognitiveServices": { accounts: ["2023-05-01", "2022-12-01", "2022-10-01"] },
};
