/**
 * Service principals in the directory, and the one kind this package provisions itself: the
 * service principal behind a managed identity (id = principalId, appId = clientId). It is
 * created and deleted only through ARM (the identity's own lifecycle), in the caller's
 * transaction.
 */
import { createHash } from "node:crypto";
import type { DirectoryObject, DirectoryObjects } from "./directory-objects.js";
import { odataType } from "./directory-objects.js";
import { directoryTimestamp } from "./directory-timestamp.js";

export const SERVICE_PRINCIPAL_TYPE = odataType("servicePrincipal");

/** The Graph v1.0 servicePrincipal fields azmi fills (tokens-and-graph.md §4.1). */
export interface ServicePrincipal extends DirectoryObject {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly servicePrincipalType: string;
  readonly alternativeNames: readonly string[];
  readonly servicePrincipalNames: readonly string[];
  readonly accountEnabled: boolean;
  readonly appOwnerOrganizationId: string | null;
}

export interface ManagedIdentityPrincipal {
  readonly principalId: string;
  readonly clientId: string;
  readonly tenantId: string;
  /** The identity's name (user-assigned) or the host resource's name (system-assigned). */
  readonly displayName: string;
  /** The ARM id of the identity (user-assigned) or of the host resource (system-assigned). */
  readonly resourceId: string;
  /** true for a user-assigned identity ("isExplicit=True"). */
  readonly explicit: boolean;
}

/**
 * The second servicePrincipalName Azure gives a managed identity is an opaque
 * `https://identity.azure.net/<base64>` string; azmi derives it from the ids so it is stable.
 */
function identityServicePrincipalName(resourceId: string, principalId: string): string {
  const digest = createHash("sha256").update(`${resourceId.toLowerCase()}|${principalId}`).digest("base64");
  return `https://identity.azure.net/${digest}`;
}

export function managedIdentityServicePrincipal(p: ManagedIdentityPrincipal): ServicePrincipal {
  return {
    "@odata.type": SERVICE_PRINCIPAL_TYPE,
    id: p.principalId,
    deletedDateTime: null,
    accountEnabled: true,
    addIns: [],
    alternativeNames: [`isExplicit=${p.explicit ? "True" : "False"}`, p.resourceId],
    appDescription: null,
    appDisplayName: null,
    appId: p.clientId,
    applicationTemplateId: null,
    appOwnerOrganizationId: p.tenantId,
    appRoleAssignmentRequired: false,
    createdDateTime: directoryTimestamp(),
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: p.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: [p.clientId, identityServicePrincipalName(p.resourceId, p.principalId)],
    servicePrincipalType: "ManagedIdentity",
    signInAudience: null,
    tags: [],
    tokenEncryptionKeyId: null,
    samlSingleSignOnSettings: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
  };
}

export function isServicePrincipal(object: DirectoryObject | undefined): object is ServicePrincipal {
  return object !== undefined && object["@odata.type"] === SERVICE_PRINCIPAL_TYPE;
}

export function isManagedIdentityServicePrincipal(object: DirectoryObject | undefined): object is ServicePrincipal {
  return isServicePrincipal(object) && object.servicePrincipalType === "ManagedIdentity";
}

/** Typed reads of service principals on top of the generic directory. */
export class ServicePrincipals {
  constructor(private readonly objects: DirectoryObjects) {}

  get(id: string): ServicePrincipal | undefined {
    const object = this.objects.get(id);
    return isServicePrincipal(object) ? object : undefined;
  }

  getByAppId(appId: string): ServicePrincipal | undefined {
    return this.objects.findByAppId(appId, "servicePrincipal").find(isServicePrincipal);
  }

  findByServicePrincipalName(name: string): ServicePrincipal[] {
    return this.objects.findByServicePrincipalName(name).filter(isServicePrincipal);
  }

  list(options: { afterId?: string; limit?: number } = {}): ServicePrincipal[] {
    return this.objects.list({ ...options, kind: "servicePrincipal" }).filter(isServicePrincipal);
  }

  /** Writes the service principal of a managed identity (replacing any with the same id). */
  provisionManagedIdentity(principal: ManagedIdentityPrincipal): ServicePrincipal {
    const previous = this.get(principal.principalId);
    const sp = managedIdentityServicePrincipal(principal);
    // Keep the creation time of an existing principal (a renamed or moved identity is the same object).
    const stored = previous === undefined ? sp : { ...sp, createdDateTime: previous.createdDateTime };
    this.objects.put(stored);
    if (previous === undefined) this.objects.replication.noteCreated(stored.id);
    return stored;
  }

  delete(id: string): boolean {
    return isServicePrincipal(this.objects.get(id)) ? this.objects.delete(id) : false;
  }
}
