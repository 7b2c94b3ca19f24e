/** api-versions of Microsoft.Authorization RBAC types, old ones included: old SDKs and az 2.45 pin them. */
export const ROLE_DEFINITION_API_VERSIONS = ["2015-07-01", "2018-01-01-preview", "2022-04-01", "2022-05-01-preview"] as const;

export const ROLE_ASSIGNMENT_API_VERSIONS = [
  "2015-07-01",
  "2017-10-01-preview",
  "2018-01-01-preview",
  "2018-09-01-preview",
  "2020-04-01-preview",
  "2020-10-01-preview",
  "2022-04-01",
] as const;

export const PERMISSIONS_API_VERSIONS = ["2015-07-01", "2018-01-01-preview", "2022-04-01", "2022-05-01-preview"] as const;

/** Deny assignments: read since 2018-07-01-preview; 2024-07-01-preview is the one the newest az and SDKs send. */
export const DENY_ASSIGNMENT_API_VERSIONS = ["2018-07-01-preview", "2022-04-01", "2024-07-01-preview"] as const;
