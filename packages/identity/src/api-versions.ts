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

/** 2018-11-30 and older have no federated credentials. */
export const FEDERATED_CREDENTIAL_API_VERSIONS = [
  "2022-01-31-preview",
  "2023-01-31",
  "2023-07-31-preview",
  "2024-11-30",
  "2025-01-31-preview",
  "2025-05-31-preview",
] as const;

export const SYSTEM_ASSIGNED_IDENTITY_API_VERSIONS = USER_ASSIGNED_IDENTITY_API_VERSIONS;

const WITH_ISOLATION_SCOPE = new Set(["2024-11-30", "2025-01-31-preview", "2025-05-31-preview"]);
const WITH_CLAIMS_MATCHING = new Set(["2025-01-31-preview", "2025-05-31-preview"]);

export function hasIsolationScope(apiVersion: string): boolean {
  return WITH_ISOLATION_SCOPE.has(apiVersion.toLowerCase());
}

export function hasClaimsMatchingExpression(apiVersion: string): boolean {
  return WITH_CLAIMS_MATCHING.has(apiVersion.toLowerCase());
}
