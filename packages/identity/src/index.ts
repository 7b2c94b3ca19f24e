// Managed identities: user-assigned identities, identity blocks, federated credentials, the directory.
export * from "./api-versions.js";
export * from "./context.js";
export * from "./directory/directory-objects.js";
export * from "./directory/service-principals.js";
export * from "./directory/directory.js";
export * from "./directory/replication.js";
export * from "./directory/directory-timestamp.js";
export * from "./directory/organization.js";
export * from "./directory/object-bodies.js";
export * from "./directory/query-schemas.js";
export * from "./directory/applications.js";
export * from "./directory/users-and-groups.js";
export * from "./directory/service-principal-writes.js";
export * from "./identity-bindings.js";
export * from "./names.js";
export * from "./user-assigned-identities.js";
export * from "./federated-credentials.js";
export * from "./resource-identity.js";
export * from "./identity-service.js";
// Tokens: managed-identity tokens, client assertions, the test issuer, strict-mode verification (issue 7).
export * from "./tokens/entra-errors.js";
export * from "./tokens/managed-identity-token.js";
export * from "./tokens/managed-identity-tokens.js";
export * from "./tokens/identity-selection.js";
export * from "./tokens/endpoint-secrets.js";
export * from "./tokens/client-assertion.js";
export * from "./tokens/test-issuer.js";
export * from "./tokens/trusted-issuers.js";
export * from "./tokens/access-token-verification.js";
export * from "./tokens/service-audiences.js";
// Token signing and app tokens (issue 2: the front door's login endpoints).
export * from "./tokens/signing-keys.js";
export * from "./tokens/jwks-memo.js";
export * from "./tokens/x509-module.js";
export * from "./tokens/access-token.js";
export * from "./tokens/application-secrets.js";
export * from "./tokens/client-authentication.js";
export * from "./tokens/claims-matching-expression.js";
// Directory authorization: Graph permissions and directory roles, first-party principals, grants in tokens (issue 15).
export * from "./directory-access/graph-permissions.js";
export * from "./directory-access/graph-operations.js";
export * from "./directory-access/first-party-principals.js";
export * from "./directory-access/app-role-assignments.js";
export * from "./directory-access/directory-role-assignments.js";
export * from "./directory-access/owners.js";
export * from "./directory-access/token-grants.js";
export * from "./associated-resources.js";
