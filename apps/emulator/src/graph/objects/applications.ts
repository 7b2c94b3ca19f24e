/**
 * Application registrations: the document Graph keeps for POST /applications, password
 * credentials (the secret text is shown once, by addPassword; only its hash is kept, in
 * @azmi/identity's ApplicationSecrets), and the service principal an application gets when
 * POST /servicePrincipals names its appId. Creating an application does not create its
 * service principal, as on Azure.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { odataType, type DirectoryObject } from "@azmi/identity";
import type { z } from "zod";
import type { applicationCreateBody, addPasswordBody, servicePrincipalCreateBody } from "./request-bodies.js";
import { TENANT_DOMAIN } from "./organization.js";
import { directoryTimestamp } from "./timestamps.js";

export function newApplication(body: z.infer<typeof applicationCreateBody>): DirectoryObject {
  return {
    "@odata.type": odataType("application"),
    id: randomUUID(),
    deletedDateTime: null,
    appId: randomUUID(),
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: directoryTimestamp(),
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    notes: null,
    publisherDomain: TENANT_DOMAIN,
    serviceManagementReference: null,
    signInAudience: "AzureADMyOrg",
    tags: [],
    tokenEncryptionKeyId: null,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    addIns: [],
    api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    optionalClaims: null,
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: "Allow" },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
    ...body,
  };
}

export interface NewPassword {
  /** What addPassword answers: the credential with its secretText. */
  readonly credential: Record<string, unknown>;
  /** What the application document keeps: the credential without the secret, with its hint. */
  readonly stored: Record<string, unknown>;
  readonly secretText: string;
}

const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;

/** A new client secret: 40 characters like Azure's, valid two years unless told otherwise. */
export function newPassword(body: z.infer<typeof addPasswordBody>, now: Date = new Date()): NewPassword {
  const given = body.passwordCredential ?? {};
  const secretText = randomBytes(30).toString("base64").replace(/[+/=]/g, "~").slice(0, 40);
  const startDateTime = given.startDateTime ?? now.toISOString();
  const endDateTime = given.endDateTime ?? new Date(now.getTime() + TWO_YEARS_MS).toISOString();
  const stored = {
    customKeyIdentifier: null,
    displayName: given.displayName ?? null,
    endDateTime,
    hint: secretText.slice(0, 3),
    keyId: randomUUID(),
    secretText: null,
    startDateTime,
  };
  return { credential: { ...stored, secretText }, stored, secretText };
}

/** The service principal of an application in its home tenant (POST /servicePrincipals {appId}). */
export function servicePrincipalForApplication(
  application: DirectoryObject,
  body: z.infer<typeof servicePrincipalCreateBody>,
  tenantId: string,
): DirectoryObject {
  const identifierUris = Array.isArray(application.identifierUris) ? (application.identifierUris as string[]) : [];
  const web = (application.web ?? {}) as { homePageUrl?: string | null; logoutUrl?: string | null; redirectUris?: string[] };
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
    ...withoutAppId(body),
  };
}

function withoutAppId(body: z.infer<typeof servicePrincipalCreateBody>): Record<string, unknown> {
  const { appId: _appId, ...rest } = body;
  return rest;
}
