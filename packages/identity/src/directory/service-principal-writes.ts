/**
 * Service principals written through Graph. An application's principal is created by POST
 * /servicePrincipals naming its appId, never by creating the application. Managed-identity
 * principals belong to ARM (they come and go with the identity or the resource): Graph may not
 * change or delete them. Callers run these inside a store transaction.
 */
import { randomUUID } from "node:crypto";
import { graphErrors } from "@azmi/graph-odata";
import { odataType, type DirectoryObject, type DirectoryObjects } from "./directory-objects.js";
import { directoryTimestamp } from "./directory-timestamp.js";
import type { ServicePrincipalCreate, ServicePrincipalUpdate } from "./object-bodies.js";
import { isManagedIdentityServicePrincipal } from "./service-principals.js";
import { isFirstPartyAppId } from "../directory-access/first-party-principals.js";

/** The service principal of an application in its home tenant (POST /servicePrincipals {appId}). */
export function servicePrincipalForApplication(application: DirectoryObject, body: ServicePrincipalCreate, tenantId: string): DirectoryObject {
  const identifierUris = Array.isArray(application.identifierUris) ? (application.identifierUris as string[]) : [];
  const web = (application.web ?? {}) as { homePageUrl?: string | null; logoutUrl?: string | null; redirectUris?: string[] };
  const { appId: _appId, ...given } = body;
  return {
    "@odata.type": odataType("servicePrincipal"),
    id: randomUUID(),
    deletedDateTime: null,
    accountEnabled: true,
    addIns: [],
    alternativeNames: [],
    appDescription: application.description ?? null,
    appDisplayName: application.displayName,
    appId: application.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: tenantId,
    appRoleAssignmentRequired: false,
    createdDateTime: directoryTimestamp(),
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: application.displayName,
    homepage: web.homePageUrl ?? null,
    loginUrl: null,
    logoutUrl: web.logoutUrl ?? null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: web.redirectUris ?? [],
    servicePrincipalNames: [application.appId, ...identifierUris],
    servicePrincipalType: "Application",
    signInAudience: application.signInAudience ?? "AzureADMyOrg",
    tags: Array.isArray(application.tags) ? application.tags : [],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    appRoles: Array.isArray(application.appRoles) ? application.appRoles : [],
    info: application.info ?? null,
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    ...given,
  };
}

/** POST /servicePrincipals: the appId must name an application that has no principal yet. */
export function insertApplicationServicePrincipal(directory: DirectoryObjects, body: ServicePrincipalCreate, tenantId: string): DirectoryObject {
  const application = directory.findByAppId(body.appId, "application")[0];
  if (application === undefined) {
    throw graphErrors.badRequest(`The appId '${body.appId}' of the service principal does not reference a valid application object.`);
  }
  if (directory.findByAppId(body.appId, "servicePrincipal").length > 0) {
    throw graphErrors.multipleObjectsWithSameKeyValue(
      `The service principal cannot be created, updated, or restored because the service principal name ${body.appId} is already in use.`,
    );
  }
  const principal = servicePrincipalForApplication(application, body, tenantId);
  directory.put(principal);
  directory.replication.noteCreated(principal.id);
  return principal;
}

/** Graph may not change or delete a managed identity's principal. */
export function refuseManagedIdentityChange(object: DirectoryObject): void {
  if (isManagedIdentityServicePrincipal(object)) {
    // Azure: managed-identity principals "can't be updated or modified directly"; the exact
    // Graph answer is not documented, so azmi answers 400 Request_BadRequest saying why.
    throw graphErrors.badRequest(
      `The service principal '${object.id}' belongs to a managed identity and can't be updated or deleted through Microsoft Graph. Change the managed identity through Azure Resource Manager instead.`,
    );
  }
}

/**
 * Microsoft's first-party principals (Microsoft Graph, Azure Service Management, Key Vault,
 * Storage) belong to Microsoft's tenant: no principal of this tenant, Global Administrator
 * included, may change them, delete them or add owners to them. Entra refuses as it refuses
 * any write it does not allow, with 403 Authorization_RequestDenied.
 */
export function refuseFirstPartyChange(object: DirectoryObject): void {
  if (object["@odata.type"] === odataType("servicePrincipal") && typeof object.appId === "string" && isFirstPartyAppId(object.appId)) {
    throw graphErrors.authorizationDenied();
  }
}

export function patchServicePrincipal(directory: DirectoryObjects, principal: DirectoryObject, changes: ServicePrincipalUpdate): void {
  refuseFirstPartyChange(principal);
  refuseManagedIdentityChange(principal);
  directory.put({ ...principal, ...changes });
}

export function removeServicePrincipal(directory: DirectoryObjects, principal: DirectoryObject): void {
  refuseFirstPartyChange(principal);
  refuseManagedIdentityChange(principal);
  directory.delete(principal.id);
}
