/**
 * Microsoft's first-party service principals, present in every Entra tenant: Microsoft Graph
 * (whose app roles are Graph's application permissions), Azure Service Management (ARM), Azure
 * Key Vault and Azure Storage, with their real appIds, the audiences their tokens carry
 * (servicePrincipalNames) and their delegated user_impersonation scopes. Their object ids differ
 * per tenant on Azure; azmi derives them from tenant and appId, so they are stable across
 * restarts and resets.
 */
import { createHash } from "node:crypto";
import { odataType, type DirectoryObject, type DirectoryObjects } from "../directory/directory-objects.js";
import { graphPermissions, type GraphPermission } from "./graph-permissions.js";

export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const AZURE_SERVICE_MANAGEMENT_APP_ID = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
export const AZURE_KEY_VAULT_APP_ID = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093";
export const AZURE_STORAGE_APP_ID = "e406a681-f3d4-42a8-90b6-c2b029497af1";
/** The tenant that owns Microsoft's first-party applications (their appOwnerOrganizationId). */
export const MICROSOFT_SERVICES_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

interface FirstPartyApplication {
  readonly appId: string;
  readonly displayName: string;
  readonly servicePrincipalNames: readonly string[];
  readonly appRoles: readonly Record<string, unknown>[];
  /** The id of its user_impersonation scope, for those that have one. */
  readonly userImpersonation?: { readonly id: string; readonly what: string };
}

function graphAppRoles(): Record<string, unknown>[] {
  return (Object.keys(graphPermissions) as GraphPermission[]).map((value) => ({
    allowedMemberTypes: ["Application"],
    description: `Allows the app to ${graphPermissions[value].displayName.toLowerCase()} without a signed-in user.`,
    displayName: graphPermissions[value].displayName,
    id: graphPermissions[value].id,
    isEnabled: true,
    origin: "Application",
    value,
  }));
}

export const firstPartyApplications: readonly FirstPartyApplication[] = [
  {
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: "Microsoft Graph",
    servicePrincipalNames: [
      MICROSOFT_GRAPH_APP_ID,
      `${MICROSOFT_GRAPH_APP_ID}/ags.windows.net`,
      "https://graph.microsoft.com",
      "https://graph.microsoft.com/",
      "https://canary.graph.microsoft.com",
      "https://ags.windows.net",
    ],
    appRoles: graphAppRoles(),
  },
  {
    appId: AZURE_SERVICE_MANAGEMENT_APP_ID,
    displayName: "Windows Azure Service Management API",
    servicePrincipalNames: [
      AZURE_SERVICE_MANAGEMENT_APP_ID,
      "https://management.core.windows.net/",
      "https://management.core.windows.net",
      "https://management.azure.com/",
      "https://management.azure.com",
    ],
    appRoles: [],
    userImpersonation: { id: "41094075-9dad-400e-a0bd-54e686782033", what: "Azure Service Management" },
  },
  {
    appId: AZURE_KEY_VAULT_APP_ID,
    displayName: "Azure Key Vault",
    servicePrincipalNames: [AZURE_KEY_VAULT_APP_ID, "https://vault.azure.net", "https://vault.azure.net/"],
    appRoles: [],
    userImpersonation: { id: "f53da476-18e3-4152-8e01-aec403e6edc0", what: "the Azure Key Vault service" },
  },
  {
    appId: AZURE_STORAGE_APP_ID,
    displayName: "Azure Storage",
    servicePrincipalNames: [AZURE_STORAGE_APP_ID, "https://storage.azure.com", "https://storage.azure.com/"],
    appRoles: [],
    userImpersonation: { id: "03e0da56-190b-40ad-a80c-ea378c433f7f", what: "Azure Storage" },
  },
];

/** A first-party principal's object id in a tenant: a name-based UUID of tenant and appId. */
export function firstPartyPrincipalId(tenantId: string, appId: string): string {
  const hash = createHash("sha256").update(`azmi:first-party:${tenantId.toLowerCase()}:${appId.toLowerCase()}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function firstPartyPrincipal(app: FirstPartyApplication, tenantId: string): DirectoryObject {
  const scopes =
    app.userImpersonation === undefined
      ? []
      : [
          {
            adminConsentDescription: `Allow the application to access ${app.userImpersonation.what} as the signed-in user.`,
            adminConsentDisplayName: `Access ${app.userImpersonation.what}`,
            id: app.userImpersonation.id,
            isEnabled: true,
            type: "User",
            userConsentDescription: `Allow the application to access ${app.userImpersonation.what} on your behalf.`,
            userConsentDisplayName: `Access ${app.userImpersonation.what}`,
            value: "user_impersonation",
          },
        ];
  return {
    "@odata.type": odataType("servicePrincipal"),
    id: firstPartyPrincipalId(tenantId, app.appId),
    deletedDateTime: null,
    accountEnabled: true,
    addIns: [],
    alternativeNames: [],
    appDescription: null,
    appDisplayName: app.displayName,
    appId: app.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    appRoleAssignmentRequired: false,
    createdDateTime: "2020-01-01T00:00:00Z",
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: app.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: [...app.servicePrincipalNames],
    servicePrincipalType: "Application",
    signInAudience: "AzureADMultipleOrgs",
    tags: [],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    appRoles: app.appRoles,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    oauth2PermissionScopes: scopes,
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
  };
}

/** Writes the first-party principals a tenant lacks (at start and after a reset). Idempotent. */
export function provisionFirstPartyPrincipals(directory: DirectoryObjects, tenantId: string): void {
  for (const app of firstPartyApplications) {
    const principal = firstPartyPrincipal(app, tenantId);
    if (directory.get(principal.id) === undefined) directory.put(principal);
  }
}

export function isFirstPartyAppId(appId: string): boolean {
  return firstPartyApplications.some((a) => a.appId === appId.toLowerCase());
}
