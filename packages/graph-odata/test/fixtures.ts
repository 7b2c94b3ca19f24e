/** A small directory-shaped data set and a schema with Graph-like per-property rules. */
import type { EntitySchema } from "../src/schema.js";

export const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

export const objects = [
  {
    id: "00000000-0000-0000-0000-00000000000a",
    appId: "aaaaaaaa-0000-0000-0000-000000000001",
    displayName: "mi-web",
    servicePrincipalType: "ManagedIdentity",
    accountEnabled: true,
    servicePrincipalNames: ["aaaaaaaa-0000-0000-0000-000000000001", "https://identity.azure.net/abc="],
    alternativeNames: ["isExplicit=True", "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-web"],
    tags: [],
    appOwnerOrganizationId: null,
    createdDateTime: "2024-01-05T10:00:00Z",
    info: { logoUrl: null },
    keyCount: 2,
  },
  {
    id: "00000000-0000-0000-0000-00000000000b",
    appId: "bbbbbbbb-0000-0000-0000-000000000002",
    displayName: "Contoso App",
    servicePrincipalType: "Application",
    accountEnabled: false,
    servicePrincipalNames: ["bbbbbbbb-0000-0000-0000-000000000002", "api://contoso"],
    alternativeNames: [],
    tags: ["WindowsAzureActiveDirectoryIntegratedApp", "HideApp"],
    appOwnerOrganizationId: tenant,
    createdDateTime: "2023-06-01T00:00:00Z",
    description: "O'Brien's app",
    info: { logoUrl: "https://contoso/logo.png" },
    keyCount: 0,
  },
  {
    id: "00000000-0000-0000-0000-00000000000c",
    appId: "cccccccc-0000-0000-0000-000000000003",
    displayName: "MI-worker",
    servicePrincipalType: "ManagedIdentity",
    accountEnabled: true,
    servicePrincipalNames: ["cccccccc-0000-0000-0000-000000000003"],
    alternativeNames: ["isExplicit=False", "/subscriptions/s/resourcegroups/rg/providers/Microsoft.Web/sites/worker"],
    tags: ["HideApp"],
    appOwnerOrganizationId: null,
    createdDateTime: "2025-02-10T08:30:00Z",
    info: { logoUrl: null },
    keyCount: 5,
  },
  {
    id: "00000000-0000-0000-0000-00000000000d",
    appId: "dddddddd-0000-0000-0000-000000000004",
    displayName: "helloWorld-api2",
    servicePrincipalType: "Application",
    accountEnabled: true,
    servicePrincipalNames: ["dddddddd-0000-0000-0000-000000000004"],
    alternativeNames: [],
    tags: [],
    appOwnerOrganizationId: tenant,
    createdDateTime: "2022-12-31T23:59:59Z",
    description: null,
    info: null,
    keyCount: 1,
  },
];

export const idsOf = (items: readonly unknown[]) => items.map((o) => (o as { id: string }).id.slice(-1));

export const schema: EntitySchema = {
  typeName: "microsoft.graph.servicePrincipal",
  resourceName: "ServicePrincipal",
  properties: {
    id: { type: "string", filter: ["eq", "ne", "not", "in"] },
    appId: { type: "string", filter: ["eq", "ne", "not", "in", "startsWith"] },
    displayName: { type: "string", filter: ["eq", "ne", "not", "ge", "le", "in", "startsWith", "endsWith"], orderby: "advanced", search: true },
    servicePrincipalType: { type: "string", filter: ["eq", "ne", "not", "in"] },
    accountEnabled: { type: "boolean", filter: ["eq", "ne", "not", "in"] },
    servicePrincipalNames: { type: "string", collection: true, filter: ["eq", "not", "ge", "le", "startsWith"] },
    alternativeNames: { type: "string", collection: true, filter: ["eq", "not", "ge", "le", "startsWith"] },
    tags: { type: "string", collection: true, filter: ["eq", "not", "ge", "le", "startsWith"] },
    appOwnerOrganizationId: { type: "guid", filter: ["eq", "ne", "not", "ge", "le"] },
    createdDateTime: { type: "datetime", orderby: "advanced" },
    description: { type: "string", filter: ["eq", "ne", "not", "ge", "le", "startsWith"], search: true },
    info: { type: "object" },
    keyCount: { type: "number", filter: ["eq", "gt", "ge", "lt", "le"], orderby: "default" },
    homepage: { type: "string" },
  },
};
