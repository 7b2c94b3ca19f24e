/**
 * What Graph lets $filter, $orderby and $search do with each directory property
 * (tokens-and-graph.md §4.3, Graph's "advanced query" tables). Properties listed without rules
 * are known (selectable) but not filterable: Graph answers Request_UnsupportedQuery for them.
 */
import type { EntitySchema, FilterOperator, PropertySchema } from "@azmi/graph-odata";

const idOps: FilterOperator[] = ["eq", "ne", "not", "in"];
const stringOps: FilterOperator[] = ["eq", "ne", "not", "ge", "le", "in", "startsWith"];
const collectionOps: FilterOperator[] = ["eq", "not", "ge", "le", "startsWith"];
const boolOps: FilterOperator[] = ["eq", "ne", "not", "in"];

const plain = (type: PropertySchema["type"], collection = false): PropertySchema => ({ type, collection });
const text = (filter: FilterOperator[] = stringOps, extra: Partial<PropertySchema> = {}): PropertySchema => ({ type: "string", filter, ...extra });
const strings = (filter: FilterOperator[] = collectionOps): PropertySchema => ({ type: "string", collection: true, filter });
const flag = (): PropertySchema => ({ type: "boolean", filter: boolOps });
const created: PropertySchema = { type: "datetime", filter: ["eq", "ne", "not", "ge", "le", "in"], orderby: "advanced" };

function schema(typeName: string, resourceName: string, properties: Record<string, PropertySchema>): EntitySchema {
  return { typeName: `microsoft.graph.${typeName}`, resourceName, properties: { id: text(idOps), deletedDateTime: plain("datetime"), ...properties } };
}

export const servicePrincipalSchema = schema("servicePrincipal", "ServicePrincipal", {
  accountEnabled: flag(),
  addIns: plain("object", true),
  alternativeNames: strings(),
  appDescription: plain("string"),
  appDisplayName: text(),
  appId: text(["eq", "ne", "not", "in", "startsWith"]),
  applicationTemplateId: text(["eq", "ne", "not"]),
  appOwnerOrganizationId: { type: "guid", filter: ["eq", "ne", "not", "ge", "le"] },
  appRoleAssignmentRequired: { type: "boolean", filter: ["eq", "ne", "not"] },
  appRoles: plain("object", true),
  createdDateTime: { type: "datetime", orderby: "advanced" },
  description: text(["eq", "ne", "not", "ge", "le", "startsWith"], { search: true }),
  disabledByMicrosoftStatus: text(["eq", "ne", "not"]),
  displayName: text(stringOps, { orderby: "advanced", search: true }),
  homepage: text(),
  info: plain("object"),
  keyCredentials: plain("object", true),
  loginUrl: plain("string"),
  logoutUrl: plain("string"),
  notes: plain("string"),
  notificationEmailAddresses: plain("string", true),
  oauth2PermissionScopes: plain("object", true),
  passwordCredentials: plain("object", true),
  preferredSingleSignOnMode: text(["eq", "ne", "not", "in"]),
  preferredTokenSigningKeyThumbprint: plain("string"),
  replyUrls: strings(["eq", "not", "ge", "le", "startsWith"]),
  resourceSpecificApplicationPermissions: plain("object", true),
  samlSingleSignOnSettings: plain("object"),
  servicePrincipalNames: strings(),
  // Not in Graph's table, but `az ad sp list --filter "servicePrincipalType eq 'ManagedIdentity'"` works on Azure.
  servicePrincipalType: text(["eq", "ne", "not", "in"]),
  signInAudience: text(["eq", "ne", "not", "in"]),
  tags: strings(),
  tokenEncryptionKeyId: plain("guid"),
  verifiedPublisher: plain("object"),
});

export const applicationSchema = schema("application", "Application", {
  api: plain("object"),
  appId: text(["eq", "ne", "not", "in", "startsWith"]),
  appRoles: plain("object", true),
  createdDateTime: created,
  description: text(["eq", "ne", "not", "ge", "le", "startsWith"], { search: true }),
  disabledByMicrosoftStatus: text(["eq", "ne", "not"]),
  displayName: text(stringOps, { orderby: "advanced", search: true }),
  groupMembershipClaims: plain("string"),
  identifierUris: strings(),
  info: plain("object"),
  isDeviceOnlyAuthSupported: plain("boolean"),
  isFallbackPublicClient: plain("boolean"),
  keyCredentials: plain("object", true),
  notes: plain("string"),
  optionalClaims: plain("object"),
  parentalControlSettings: plain("object"),
  passwordCredentials: plain("object", true),
  publicClient: plain("object"),
  publisherDomain: text(),
  requiredResourceAccess: plain("object", true),
  serviceManagementReference: text(),
  signInAudience: text(["eq", "ne", "not", "in"]),
  spa: plain("object"),
  tags: strings(),
  tokenEncryptionKeyId: plain("guid"),
  verifiedPublisher: plain("object"),
  web: plain("object"),
});

export const userSchema = schema("user", "User", {
  accountEnabled: flag(),
  businessPhones: plain("string", true),
  createdDateTime: created,
  displayName: text([...stringOps], { orderby: "default", search: true }),
  givenName: text(),
  jobTitle: text(),
  mail: text([...stringOps, "endsWith"], { search: true }),
  mailNickname: text(stringOps, { search: true }),
  mobilePhone: text(),
  officeLocation: text(),
  otherMails: strings([...collectionOps, "endsWith"]),
  preferredLanguage: text(),
  proxyAddresses: strings([...collectionOps, "endsWith"]),
  surname: text(),
  userPrincipalName: text([...stringOps, "endsWith"], { orderby: "default", search: true }),
  userType: text(["eq", "ne", "not", "in"]),
});

export const groupSchema = schema("group", "Group", {
  classification: text(),
  createdDateTime: created,
  description: text(["eq", "ne", "not", "ge", "le", "startsWith"], { search: true }),
  displayName: text(stringOps, { orderby: "default", search: true }),
  groupTypes: strings(["eq", "not"]),
  isAssignableToRole: flag(),
  mail: text(stringOps, { search: true }),
  mailEnabled: flag(),
  mailNickname: text(stringOps, { search: true }),
  proxyAddresses: strings(),
  securityEnabled: flag(),
  visibility: text(["eq", "ne", "not", "in"]),
});

/** The union, for /directoryObjects: any property of any kind. */
export const directoryObjectSchema: EntitySchema = {
  typeName: "microsoft.graph.directoryObject",
  resourceName: "DirectoryObject",
  properties: { ...groupSchema.properties, ...userSchema.properties, ...applicationSchema.properties, ...servicePrincipalSchema.properties },
};

/** appRoleAssignments / appRoleAssignedTo (Graph filters these by principalId, resourceId, appRoleId). */
export const appRoleAssignmentSchema = schema("appRoleAssignment", "AppRoleAssignment", {
  appRoleId: { type: "guid", filter: ["eq"] },
  createdDateTime: plain("datetime"),
  principalDisplayName: text(["eq", "startsWith"]),
  principalId: { type: "guid", filter: ["eq"] },
  principalType: text(["eq"]),
  resourceDisplayName: text(["eq", "startsWith"]),
  resourceId: { type: "guid", filter: ["eq"] },
});

export const unifiedRoleAssignmentSchema = schema("unifiedRoleAssignment", "UnifiedRoleAssignment", {
  directoryScopeId: text(["eq"]),
  principalId: text(["eq"]),
  roleDefinitionId: text(["eq"]),
});

export const unifiedRoleDefinitionSchema = schema("unifiedRoleDefinition", "UnifiedRoleDefinition", {
  description: plain("string"),
  displayName: text(["eq", "startsWith"]),
  isBuiltIn: flag(),
  isEnabled: flag(),
  resourceScopes: plain("string", true),
  rolePermissions: plain("object", true),
  templateId: text(["eq"]),
  version: plain("string"),
});

export const directoryRoleSchema = schema("directoryRole", "DirectoryRole", {
  description: plain("string"),
  displayName: text(["eq", "startsWith"]),
  roleTemplateId: text(["eq"]),
});
