/**
 * The ARM error catalogue. Every failure a client can cause is an ArmError value carrying
 * Azure's status and code; the emulator renders it once, as {"error":{"code","message"}}.
 */
import type { RequestKind } from "./throttling.js";

export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
  /** ARM's extra error information, e.g. [{type: "TemplateViolation", info: {lineNumber, linePosition, path}}]. */
  additionalInfo?: Array<{ type: string; info: unknown }>;
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ArmErrorBody[] | undefined;
  readonly target: string | undefined;
  readonly additionalInfo: ArmErrorBody["additionalInfo"];

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: ArmErrorBody[]; target?: string; additionalInfo?: ArmErrorBody["additionalInfo"] } = {},
  ) {
    super(message);
    this.name = "ArmError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.target = options.target;
    this.additionalInfo = options.additionalInfo;
  }

  toBody(): { error: ArmErrorBody } {
    const error: ArmErrorBody = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details !== undefined) error.details = this.details;
    if (this.additionalInfo !== undefined) error.additionalInfo = this.additionalInfo;
    return { error };
  }
}

export function isArmError(value: unknown): value is ArmError {
  return value instanceof ArmError;
}

/** `11/26/2026 5:48:49 AM`: the UTC time format of ARM's token messages. */
function armUtcTime(date: Date): string {
  const h = date.getUTCHours();
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

function throttledMessage(kind: RequestKind, scope: string, actor: string, retryAfterSeconds: number): string {
  return `Number of '${kind.slice(0, -1)}' requests for ${scope} actor '${actor}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`;
}

const notFoundFix = "For more details please go to https://aka.ms/ARMResourceNotFoundFix";

/** One factory per code; the status lives beside the code so no caller can pair them wrongly. */
export const armErrors = {
  missingApiVersion: () => new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."),
  invalidApiVersion: (apiVersion: string, resourceType: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(",")}'. The resource type is '${resourceType}'.`,
    ),
  /**
   * `supported` empty: no provider serves the type at all, and the message names no versions.
   * Otherwise a well-formed api-version no registration of the type accepts: Azure names the
   * versions and the locations it does accept.
   */
  noRegisteredProviderFound: (
    apiVersion: string,
    resourceType: string,
    supported: readonly string[] = [],
    location = "global",
    locations: readonly string[] = [],
  ) =>
    new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${resourceType}'.` +
        (supported.length === 0 ? "" : ` The supported api-versions are '${supported.join(", ")}'. The supported locations are '${locations.join(", ")}'.`),
    ),
  invalidResourceNamespace: (namespace: string) => new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`),
  /** A type an owned namespace does not serve, or a path no handler serves (`hint`: what azmi serves instead). */
  invalidResourceType: (at: { resourceType: string; namespace: string; apiVersion: string } | { path: string; hint?: string }) =>
    new ArmError(
      404,
      "InvalidResourceType",
      "path" in at
        ? `The resource type could not be found for path '${at.path}'.${at.hint === undefined ? "" : ` ${at.hint}`}`
        : `The resource type '${at.resourceType}' could not be found in the namespace '${at.namespace}' for api version '${at.apiVersion}'.`,
    ),
  resourceNotFound: (resourceType: string, name: string, resourceGroup?: string) =>
    new ArmError(
      404,
      "ResourceNotFound",
      resourceGroup === undefined
        ? `The Resource '${resourceType}/${name}' was not found. ${notFoundFix}`
        : `The Resource '${resourceType}/${name}' under resource group '${resourceGroup}' was not found. ${notFoundFix}`,
    ),
  resourceGroupNotFound: (name: string) => new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`),
  subscriptionNotFound: (subscriptionId: string) => new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`),
  invalidRequestContent: (detail: string) =>
    new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`),
  invalidRequestFormat: (detail: string) => new ArmError(400, "InvalidRequestFormat", detail),
  invalidResourceName: (name: string, resourceType: string, rule?: string) =>
    new ArmError(400, "InvalidResourceName", `Resource name '${name}' is invalid for type '${resourceType}'.${rule === undefined ? "" : ` ${rule}`}`),
  invalidResourceId: (id: string) =>
    new ArmError(
      400,
      "LinkedInvalidPropertyId",
      `Property id '${id}' at path '' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
    ),
  locationRequired: () => new ArmError(400, "LocationRequired", "The location property is required for this definition."),
  authorizationFailed: (clientId: string, objectId: string, action: string, scope: string) =>
    new ArmError(
      403,
      "AuthorizationFailed",
      `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  /**
   * A deny assignment covers what the caller asks. Azure words it as "you have the permission,
   * but": the Id it prints is the deny assignment's name without its dashes.
   */
  denyAssignmentAuthorizationFailed: (
    clientId: string,
    objectId: string,
    action: string,
    scope: string,
    deny: { readonly denyAssignmentName: string; readonly name: string; readonly scope: string },
  ) =>
    new ArmError(
      403,
      "DenyAssignmentAuthorizationFailed",
      `The client '${clientId}' with object id '${objectId}' has permission to perform action '${action}' on scope '${scope}'; however, the access is denied because of the deny assignment with name '${deny.denyAssignmentName}' and Id '${deny.name.replace(/-/g, "")}' at scope '${deny.scope}'.`,
    ),
  invalidAuthenticationToken: (reason: string) => new ArmError(401, "InvalidAuthenticationToken", `The access token is invalid. ${reason}`),
  authenticationFailed: () => new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
  /** Strict mode: a token past its exp. Times as ARM prints them (US format, UTC). */
  expiredAuthenticationToken: (expiredAt: Date, now: Date) =>
    new ArmError(
      401,
      "ExpiredAuthenticationToken",
      `The access token expiry UTC time '${armUtcTime(expiredAt)}' is earlier than current UTC time '${armUtcTime(now)}'.`,
    ),
  /** Strict mode: a valid token obtained for another resource (Graph, Key Vault ...). */
  invalidAuthenticationTokenAudience: (audience: string, allowed: readonly string[]) =>
    new ArmError(
      401,
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${allowed.map((a) => `'${a}'`).join(",")}.`,
    ),
  /** Strict mode: a token azmi signed for another tenant; `authority` is where this tenant's tokens come from. */
  invalidAuthenticationTokenTenant: (issuer: string, expectedIssuer: string, authority: string) =>
    new ArmError(
      401,
      "InvalidAuthenticationTokenTenant",
      `The access token is from the wrong issuer '${issuer}'. It must match the tenant '${expectedIssuer}' associated with this subscription. Please use the authority (URL) '${authority}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    ),
  scopeLocked: (scope: string, operation: "delete" | "write", lockedScopes: readonly string[]) =>
    new ArmError(
      409,
      "ScopeLocked",
      `The scope '${scope}' cannot perform ${operation} operation because following scope(s) are locked: ${lockedScopes
        .map((s) => `'${s}'`)
        .join(", ")}. Please remove the lock and try again.`,
    ),
  // RBAC (Microsoft.Authorization roleAssignments / roleDefinitions). Codes and messages as Azure sends them.
  invalidRoleAssignmentId: (name: string) =>
    new ArmError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`),
  invalidRoleDefinitionId: (name: string) =>
    new ArmError(400, "InvalidRoleDefinitionId", `The role definition ID '${name}' is not valid. The role definition ID must be a GUID.`),
  denyAssignmentNotFound: (name: string) => new ArmError(404, "DenyAssignmentNotFound", `The deny assignment '${name}' is not found.`),
  roleAssignmentNotFound: (name: string) => new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`),
  /**
   * 404 when the definition itself is read; 400 when an assignment names it, which is also what
   * Azure answers when a custom role is assigned outside its assignableScopes (it is not visible there).
   */
  roleDefinitionDoesNotExist: (guid: string, asNamedByAnAssignment = false) =>
    new ArmError(asNamedByAnAssignment ? 400 : 404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${guid}' does not exist.`),
  invalidPrincipalId: () => new ArmError(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment."),
  roleAssignmentExists: () => new ArmError(409, "RoleAssignmentExists", "The role assignment already exists."),
  roleAssignmentUpdateNotPermitted: () =>
    new ArmError(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated."),
  principalNotFound: (principalId: string, tenantId: string) =>
    new ArmError(
      400,
      "PrincipalNotFound",
      `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    ),
  unmatchedPrincipalType: (principalId: string, actual: string, given: string) =>
    new ArmError(
      400,
      "UnmatchedPrincipalType",
      `The PrincipalId '${principalId.replace(/-/g, "")}' has type '${actual}' , which is different from specified PrincipalType '${given}'.`,
    ),
  roleDefinitionWithSameNameExists: () =>
    new ArmError(409, "RoleDefinitionWithSameNameExists", "A custom role with the same name already exists in this directory. Use a different name."),
  roleDefinitionHasAssignments: () =>
    new ArmError(400, "RoleDefinitionHasAssignments", "There are existing role assignments referencing role (code: RoleDefinitionHasAssignments)."),
  /** A PUT of a built-in role's GUID. */
  builtInRoleNotModifiable: (guid: string) =>
    new ArmError(403, "RoleDefinitionUpdateNotPermitted", `Built-in role definition '${guid}' cannot be created, updated or deleted.`),
  /** No assignable scope at all, or the PUT's own scope outside them. */
  invalidCreateRoleDefinitionRequest: (problem: { scopeNotAssignable: string } | "noAssignableScope") =>
    new ArmError(
      400,
      "InvalidCreateRoleDefinitionRequest",
      problem === "noAssignableScope"
        ? "The request to create role definition could not be processed. Role definition must have at least one assignable scope."
        : `The request to create role definition could not be processed. The scope '${problem.scopeNotAssignable}' of the request is not in the assignable scopes of the role definition.`,
    ),
  assignableScopeNotFound: (scope: string) => new ArmError(400, "InvalidAssignableScope", `The assignable scope '${scope}' is invalid or does not exist.`),
  invalidRoleAssignmentRequest: (message: string) => new ArmError(400, "InvalidRoleAssignmentRequest", message),
  invalidRoleDefinitionRequest: (message: string) => new ArmError(400, "InvalidRoleDefinitionRequest", message),
  // Managed identities (identity blocks on any resource; Microsoft.ManagedIdentity). Identity-block
  // failures come back from the MSI service wrapped by ARM, hence the nested error text.
  failedIdentityOperation: (resourceId: string, innerMessage: string) =>
    new ArmError(
      400,
      "FailedIdentityOperation",
      `Identity operation for resource '${resourceId}' failed with error 'Failed to perform resource identity operation. Status: 'BadRequest'. Response: '${JSON.stringify({ error: { code: "BadRequest", message: innerMessage } })}'.'.`,
    ),
  cannotSetResourceIdentity: (resourceType: string, identityType: string) =>
    new ArmError(
      400,
      "CannotSetResourceIdentity",
      `Resource type '${resourceType}' does not support creation of '${identityType}' resource identity. The supported types are 'SystemAssigned,UserAssigned,None'.`,
    ),
  mismatchingResourceIdentityPrincipalId: (given: string, existing: string) =>
    new ArmError(
      400,
      "MismatchingResourceIdentityPrincipalId",
      `The principalId '${given}' on the resource's Identity property is invalid and must be empty or match the existing principalId of '${existing}'.`,
    ),
  /** The MSI service answers its own validation failures (federated credentials) with code BadRequest. */
  parentResourceNotFound: (parentName: string) =>
    new ArmError(404, "ParentResourceNotFound", `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`),
  // Resource Manager core (resource groups, generic resources, lists).
  invalidResourceGroupName: (name: string, problem: string) =>
    new ArmError(400, "InvalidResourceGroup", `The provided resource group name '${name}' ${problem}`),
  locationNotAvailableForResourceGroup: (location: string, available: readonly string[]) =>
    new ArmError(
      400,
      "LocationNotAvailableForResourceGroup",
      `The provided location '${location}' is not available for resource group. List of available regions is '${available.join(",")}'.`,
    ),
  locationNotAvailableForResourceType: (location: string, resourceType: string, available: readonly string[]) =>
    new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${available.join(",")}'.`,
    ),
  resourceGroupLocationConflict: (requested: string, existing: string) =>
    new ArmError(
      409,
      "InvalidResourceGroupLocation",
      `Invalid resource group location '${requested}'. The Resource group already exists in location '${existing}'.`,
    ),
  operationNotFound: (operationId: string) => new ArmError(404, "OperationNotFound", `The operation '${operationId}' could not be found.`),
  invalidFilterInQueryString: (filter: string) => new ArmError(400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string.`),
  invalidQueryParameterValue: (name: string, value: string) =>
    new ArmError(400, "InvalidQueryParameterValue", `The value '${value}' of query parameter '${name}' is invalid.`),
  invalidTagNameCharacters: (names: readonly string[]) =>
    new ArmError(400, "InvalidTagNameCharacters", `The tag names '${names.join(",")}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`),
  // Management locks (Microsoft.Authorization/locks).
  lockNotFound: (name: string) => new ArmError(404, "LockNotFound", `The lock '${name}' could not be found.`),
  // Template deployments (Microsoft.Resources/deployments, @azmi/templates).
  /** A template that cannot be processed; `at` locates the offending part in the request body. */
  invalidTemplate: (message: string, at?: { lineNumber: number; linePosition: number; path: string }) =>
    new ArmError(400, "InvalidTemplate", `Deployment template validation failed: '${message}'.`, {
      ...(at === undefined ? {} : { additionalInfo: [{ type: "TemplateViolation", info: at }] }),
    }),
  invalidTemplateDeployment: (deploymentName: string, trackingId: string, details: ArmErrorBody[]) =>
    new ArmError(
      400,
      "InvalidTemplateDeployment",
      `The template deployment '${deploymentName}' is not valid according to the validation procedure. The tracking id is '${trackingId}'. See inner errors for details.`,
      { details },
    ),
  deploymentFailed: (details: ArmErrorBody[]) =>
    new ArmError(
      400,
      "DeploymentFailed",
      "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.",
      { details },
    ),
  deploymentNotFound: (name: string) => new ArmError(404, "DeploymentNotFound", `Deployment '${name}' could not be found.`),
  deploymentOperationNotFound: (operationId: string, deploymentName: string) =>
    new ArmError(404, "DeploymentOperationNotFound", `The deployment operation '${operationId}' was not found for the deployment '${deploymentName}'.`),
  deploymentStackNotFound: (name: string) => new ArmError(404, "DeploymentStackNotFound", `The Deployment stack '${name}' could not be found.`),
  /** A stack delete that could not delete what it was told to: the stack stays, failed. */
  deploymentStackDeleteResourcesFailed: (failures: readonly string[]) =>
    new ArmError(400, "DeploymentStackDeleteResourcesFailed", `One or more resources could not be deleted: ${failures.join(", ")}.`),
  deploymentActive: (name: string) =>
    new ArmError(
      409,
      "DeploymentActive",
      `Unable to edit or replace deployment '${name}': previous deployment is still active. Please see https://aka.ms/arm-deploy for usage details.`,
    ),
  deploymentCannotBeCancelled: (name: string, state: string) =>
    new ArmError(409, "DeploymentCannotBeCancelled", `The deployment '${name}' cannot be canceled since its provisioning state is '${state}'.`),
  invalidDeploymentLocation: (requested: string, name: string, existing: string) =>
    new ArmError(
      409,
      "InvalidDeploymentLocation",
      `Invalid deployment location '${requested}'. The deployment '${name}' already exists in location '${existing}'.`,
    ),
  invalidContentLink: (uri: string) =>
    new ArmError(400, "InvalidContentLink", `Unable to download deployment content from '${uri}': azmi makes no outbound requests; send the template inline.`),
  /**
   * An empty throttling bucket (throttling.ts) under a subscription, or (the tenant's) for a
   * request naming none: Azure's words, with the kind of request in the singular ('read',
   * 'write', 'delete'), the subscription or tenant as sent, and the actor (the caller's object id).
   */
  subscriptionRequestsThrottled: (kind: RequestKind, subscriptionId: string, actor: string, retryAfterSeconds: number) =>
    new ArmError(429, "SubscriptionRequestsThrottled", throttledMessage(kind, `subscription '${subscriptionId}'`, actor, retryAfterSeconds)),
  tenantRequestsThrottled: (kind: RequestKind, tenantId: string, actor: string, retryAfterSeconds: number) =>
    new ArmError(429, "TenantRequestsThrottled", throttledMessage(kind, `tenant '${tenantId}'`, actor, retryAfterSeconds)),
  // Azure's generic codes, for what no more precise code names (each code has exactly one factory).
  conflict: (message: string) => new ArmError(409, "Conflict", message),
  badRequest: (message: string) => new ArmError(400, "BadRequest", message),
  notFound: (message: string) => new ArmError(404, "NotFound", message),
  /** A resource id that cannot be parsed (as opposed to LinkedInvalidPropertyId: a well-formed id in the wrong place). */
  malformedResourceId: (path: string, why: string) => new ArmError(400, "InvalidResourceId", `The resource id '${path}' is invalid: ${why}.`),
  invalidDeploymentScope: (scopeId: string) =>
    new ArmError(
      400,
      "InvalidDeploymentScope",
      `Deployments can be created at a resource group, subscription, management group or tenant, not under '${scopeId}'.`,
    ),
  /** Azure answers a deployment it cannot accept as given (its name, a missing location) with this one code; the words say why. */
  invalidDeployment: (why: string) => new ArmError(400, "InvalidDeployment", `${why} Please see https://aka.ms/arm-deploy for usage details.`),
  /** The App Service identity endpoint without ?resource=. */
  missingIdentityResource: () => new ArmError(400, "MissingResource", "Name the resource whose identity endpoint you want: ?resource=<resource id>."),
  requestTooLarge: (limitBytes: number) => new ArmError(413, "RequestEntityTooLarge", `The request content length exceeds the limit of ${limitBytes} bytes.`),
  methodNotAllowed: (method: string, path: string) => new ArmError(405, "MethodNotAllowed", `The requested method '${method}' is not allowed for '${path}'.`),
  internal: (message = "The server encountered an internal error.") => new ArmError(500, "InternalServerError", message),
};
