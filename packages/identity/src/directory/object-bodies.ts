/**
 * The JSON bodies Graph accepts for creating and updating directory objects, as zod schemas,
 * and the types the directory's writes take (inferred from them). Unknown properties and values
 * of the wrong type are Graph's 400 Request_BadRequest with its wording; read-only properties
 * are refused by name.
 */
import { z } from "zod";
import { graphErrors, type GraphError } from "@azmi/graph-odata";

const strings = z.array(z.string());
const objects = z.array(z.record(z.string(), z.unknown()));
const object = z.record(z.string(), z.unknown());
const nullableString = z.string().nullable();

const servicePrincipalWritable = {
  accountEnabled: z.boolean(),
  addIns: objects,
  alternativeNames: strings,
  appDescription: nullableString,
  appRoleAssignmentRequired: z.boolean(),
  appRoles: objects,
  description: nullableString,
  displayName: z.string(),
  homepage: nullableString,
  info: object.nullable(),
  keyCredentials: objects,
  loginUrl: nullableString,
  logoutUrl: nullableString,
  notes: nullableString,
  notificationEmailAddresses: strings,
  oauth2PermissionScopes: objects,
  preferredSingleSignOnMode: nullableString,
  preferredTokenSigningKeyThumbprint: nullableString,
  replyUrls: strings,
  samlSingleSignOnSettings: object.nullable(),
  servicePrincipalNames: strings,
  tags: strings,
  tokenEncryptionKeyId: nullableString,
};

export const servicePrincipalCreateBody = z
  .strictObject({ appId: z.string(), ...servicePrincipalWritable })
  .partial()
  .required({ appId: true });
export const servicePrincipalUpdateBody = z.strictObject(servicePrincipalWritable).partial();
export type ServicePrincipalCreate = z.infer<typeof servicePrincipalCreateBody>;
export type ServicePrincipalUpdate = z.infer<typeof servicePrincipalUpdateBody>;

const applicationWritable = {
  api: object.nullable(),
  appRoles: objects,
  description: nullableString,
  disabledByMicrosoftStatus: nullableString,
  displayName: z.string(),
  groupMembershipClaims: nullableString,
  identifierUris: strings,
  info: object.nullable(),
  isDeviceOnlyAuthSupported: z.boolean().nullable(),
  isFallbackPublicClient: z.boolean().nullable(),
  keyCredentials: objects,
  notes: nullableString,
  optionalClaims: object.nullable(),
  parentalControlSettings: object.nullable(),
  passwordCredentials: objects,
  publicClient: object.nullable(),
  requiredResourceAccess: objects,
  serviceManagementReference: nullableString,
  signInAudience: z.string(),
  spa: object.nullable(),
  tags: strings,
  tokenEncryptionKeyId: nullableString,
  web: object.nullable(),
};

export const applicationCreateBody = z.strictObject(applicationWritable).partial().required({ displayName: true });
export const applicationUpdateBody = z.strictObject(applicationWritable).partial();
export type ApplicationCreate = z.infer<typeof applicationCreateBody>;
export type ApplicationUpdate = z.infer<typeof applicationUpdateBody>;

export const addPasswordBody = z
  .strictObject({
    passwordCredential: z
      .strictObject({
        displayName: nullableString,
        endDateTime: z.string(),
        startDateTime: z.string(),
        customKeyIdentifier: nullableString,
        hint: nullableString,
        keyId: z.string(),
        secretText: nullableString,
      })
      .partial()
      .optional(),
  })
  .partial();

export const removePasswordBody = z.strictObject({ keyId: z.string() });
export type AddPassword = z.infer<typeof addPasswordBody>;
export type RemovePassword = z.infer<typeof removePasswordBody>;

const userWritable = {
  accountEnabled: z.boolean(),
  businessPhones: strings,
  displayName: z.string(),
  givenName: nullableString,
  jobTitle: nullableString,
  mail: nullableString,
  mailNickname: z.string(),
  mobilePhone: nullableString,
  officeLocation: nullableString,
  otherMails: strings,
  passwordPolicies: nullableString,
  passwordProfile: object,
  preferredLanguage: nullableString,
  surname: nullableString,
  userPrincipalName: z.string(),
  userType: z.string(),
};

export const userCreateBody = z
  .strictObject(userWritable)
  .partial()
  .required({ accountEnabled: true, displayName: true, mailNickname: true, userPrincipalName: true, passwordProfile: true });
export const userUpdateBody = z.strictObject(userWritable).partial();
export type UserCreate = z.infer<typeof userCreateBody>;
export type UserUpdate = z.infer<typeof userUpdateBody>;

const groupWritable = {
  classification: nullableString,
  description: nullableString,
  displayName: z.string(),
  groupTypes: strings,
  isAssignableToRole: z.boolean().nullable(),
  mailEnabled: z.boolean(),
  mailNickname: z.string(),
  securityEnabled: z.boolean(),
  visibility: nullableString,
};

export const groupCreateBody = z
  .strictObject(groupWritable)
  .partial()
  .required({ displayName: true, mailEnabled: true, mailNickname: true, securityEnabled: true });
export const groupUpdateBody = z.strictObject(groupWritable).partial();
export type GroupCreate = z.infer<typeof groupCreateBody>;
export type GroupUpdate = z.infer<typeof groupUpdateBody>;

const readOnly = new Set([
  "id",
  "appid",
  "createddatetime",
  "deleteddatetime",
  "serviceprincipaltype",
  "appownerorganizationid",
  "publisherdomain",
  "@odata.type",
]);

/** Parses a Graph request body with `schema`, or throws the 400 Graph answers for it. */
export function parseDirectoryBody<S extends z.ZodType>(schema: S, body: unknown, resourceName: string): z.infer<S> {
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    throw graphErrors.badRequest("Empty Payload. JSON content expected.");
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw bodyError(result.error.issues, resourceName);
}

function bodyError(issues: readonly z.core.$ZodIssue[], resourceName: string): GraphError {
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const key = issue.keys[0]!;
      const prefix = issue.path.length === 0 ? "" : `${issue.path.join(".")}.`;
      if (issue.path.length === 0 && readOnly.has(key.toLowerCase())) {
        return graphErrors.badRequest(`Property '${key}' is read-only and cannot be set.`);
      }
      return graphErrors.badRequest(`Property '${prefix}${key}' does not exist as a declared property or extension property.`);
    }
  }
  const first = issues[0]!;
  const property = first.path.length === 0 ? "body" : first.path.map(String).join(".");
  return graphErrors.badRequest(`Invalid value specified for property '${property}' of resource '${resourceName}'.`);
}
