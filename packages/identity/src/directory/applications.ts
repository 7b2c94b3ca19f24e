/**
 * Application registrations: the document Graph keeps for POST /applications, its rules
 * (identifierUris are unique in the tenant; deleting an application takes its service principal
 * and its secrets with it), and password credentials: the secret text is shown once, by
 * addPassword; only its hash is kept, in ApplicationSecrets. Creating an application does not
 * create its service principal, as on Azure (see applicationServicePrincipal).
 * Callers run these inside a store transaction.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { graphErrors } from "@azmi/graph-odata";
import type { ApplicationSecrets } from "../tokens/application-secrets.js";
import { odataType, type DirectoryObject, type DirectoryObjects } from "./directory-objects.js";
import { directoryTimestamp } from "./directory-timestamp.js";
import type { AddPassword, ApplicationCreate, ApplicationUpdate } from "./object-bodies.js";
import { registeredKeyCredentials } from "./key-credentials.js";
import { TENANT_DOMAIN } from "./organization.js";

export function newApplication(body: ApplicationCreate): DirectoryObject {
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
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
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
    ...(body.keyCredentials === undefined ? {} : { keyCredentials: registeredKeyCredentials(body.keyCredentials) }),
  };
}

/** Graph refuses an identifierUri another application already uses. */
function requireUniqueIdentifierUris(directory: DirectoryObjects, uris: readonly string[] | undefined, self: string | undefined): void {
  if (uris === undefined || uris.length === 0) return;
  const wanted = new Set(uris.map((u) => u.toLowerCase()));
  for (const other of directory.list({ kind: "application" })) {
    if (other.id === self || !Array.isArray(other.identifierUris)) continue;
    if ((other.identifierUris as string[]).some((u) => wanted.has(u.toLowerCase()))) {
      throw graphErrors.badRequest("Another object with the same value for property identifierUris already exists.");
    }
  }
}

export function insertApplication(directory: DirectoryObjects, body: ApplicationCreate): DirectoryObject {
  requireUniqueIdentifierUris(directory, body.identifierUris, undefined);
  const application = newApplication(body);
  directory.put(application);
  return application;
}

export function patchApplication(directory: DirectoryObjects, application: DirectoryObject, changes: ApplicationUpdate): void {
  requireUniqueIdentifierUris(directory, changes.identifierUris, application.id);
  directory.put({
    ...application,
    ...changes,
    ...(changes.keyCredentials === undefined ? {} : { keyCredentials: registeredKeyCredentials(changes.keyCredentials) }),
  });
}

/** Deleting an application deletes its service principal in this (its home) tenant and its secrets. */
export function removeApplication(directory: DirectoryObjects, secrets: ApplicationSecrets, application: DirectoryObject): void {
  const appId = String(application.appId);
  for (const principal of directory.findByAppId(appId, "servicePrincipal")) directory.delete(principal.id);
  secrets.remove(appId);
  directory.delete(application.id);
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
export function newPassword(body: AddPassword, now: Date = new Date()): NewPassword {
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

/** addPassword: the application keeps the credential without its secret; the secret's hash goes to `secrets`. */
export function addApplicationPassword(directory: DirectoryObjects, secrets: ApplicationSecrets, application: DirectoryObject, password: NewPassword): void {
  const credentials = Array.isArray(application.passwordCredentials) ? (application.passwordCredentials as unknown[]) : [];
  directory.put({ ...application, passwordCredentials: [...credentials, password.stored] });
  secrets.add(String(application.appId), String(password.stored.keyId), password.secretText, String(password.stored.endDateTime));
}

export function removeApplicationPassword(directory: DirectoryObjects, secrets: ApplicationSecrets, application: DirectoryObject, keyId: string): void {
  const credentials = Array.isArray(application.passwordCredentials) ? (application.passwordCredentials as Array<{ keyId?: unknown }>) : [];
  const kept = credentials.filter((c) => String(c.keyId).toLowerCase() !== keyId.toLowerCase());
  if (kept.length === credentials.length) throw graphErrors.badRequest(`No password credential found with keyId '${keyId}'.`);
  directory.put({ ...application, passwordCredentials: kept });
  secrets.remove(String(application.appId), keyId);
}
