/** The api-versions Microsoft.ManagedIdentity serves, and which of them carry which fields. */
export const USER_ASSIGNED_IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
export const FEDERATED_CREDENTIAL_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";
export const SYSTEM_ASSIGNED_IDENTITY_TYPE = "Microsoft.ManagedIdentity/identities";

export const USER_ASSIGNED_IDENTITY_API_VERSIONS = [
  "2015-08-31-preview",
  "2018-11-30",
  "2021-09-30-preview",
  "2022-01-31-preview",
  "2023-01-31",
  "2023-07-31-preview",
  "2024-11-30",
  "2025-01-31-preview",
  // What the newest az CLI (2.9x) sends.
  "2025-05-31-preview",
] as const;

type UserAssignedIdentityApiVersion = (typeof USER_ASSIGNED_IDENTITY_API_VERSIONS)[number];

/** The versions from `first` on: api-versions are dates, so they sort as text. */
function since(first: UserAssignedIdentityApiVersion): readonly UserAssignedIdentityApiVersion[] {
  return USER_ASSIGNED_IDENTITY_API_VERSIONS.filter((v) => v >= first);
}

/** Federated credentials arrived with 2022-01-31-preview. */
export const FEDERATED_CREDENTIAL_API_VERSIONS = since("2022-01-31-preview");

export const SYSTEM_ASSIGNED_IDENTITY_API_VERSIONS = USER_ASSIGNED_IDENTITY_API_VERSIONS;

const WITH_ISOLATION_SCOPE = new Set<string>(since("2024-11-30"));
const WITH_CLAIMS_MATCHING = new Set<string>(since("2025-01-31-preview"));

export function hasIsolationScope(apiVersion: string): boolean {
  return WITH_ISOLATION_SCOPE.has(apiVersion.toLowerCase());
}

export function hasClaimsMatchingExpression(apiVersion: string): boolean {
  return WITH_CLAIMS_MATCHING.has(apiVersion.toLowerCase());
}
